/** A SessionSource test double: it stands for the OS (logind, Winlogon...) and emits what a test tells it. */
import type { SessionEvent, SessionSource } from '../../main/agent/session/types.js';

export class FakeSource implements SessionSource {
  readonly name = 'fake';
  private emitFn: ((event: SessionEvent) => void) | undefined;
  started = false;

  async start(emit: (event: SessionEvent) => void): Promise<void> {
    this.emitFn = emit;
    this.started = true;
  }

  async stop(): Promise<void> {
    this.emitFn = undefined;
    this.started = false;
  }

  emit(event: SessionEvent): void {
    if (!this.emitFn) throw new Error('source not started');
    this.emitFn(event);
  }

  end(account: string): void {
    this.emit({ kind: 'end', account, trigger: 'logout', source: 'fake' });
  }

  begin(account: string): void {
    this.emit({ kind: 'start', account, trigger: 'logout', source: 'fake' });
  }
}
