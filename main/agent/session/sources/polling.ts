/**
 * A session source that polls a snapshot of logged-in accounts and turns differences into
 * start/end events. The OS-specific part is only `snapshot()`; diffing is pure and tested.
 */
import type { CommandRunner } from '../../base/run-command.js';
import type { SessionEvent, SessionSource, SessionTrigger } from '../types.js';

export interface AccountDiff {
  started: string[];
  ended: string[];
}

/** Accounts present in `next` but not `prev` started; present in `prev` but not `next` ended. */
export function diffAccounts(prev: ReadonlySet<string>, next: ReadonlySet<string>): AccountDiff {
  return {
    started: [...next].filter((account) => !prev.has(account)).sort(),
    ended: [...prev].filter((account) => !next.has(account)).sort(),
  };
}

export interface PollingOptions {
  name: string;
  intervalMs: number;
  /** Logged-in accounts now; throws (or rejects) when the OS could not be asked this time. */
  snapshot: () => Promise<ReadonlySet<string>>;
  trigger?: SessionTrigger;
  /**
   * Called with a fixed event name (never patron data) when a poll fails: at the first failure of a
   * run of failures, then at most once per `errorRepeatMs` (default 1 h) while they go on — an OS
   * without the program must not write a log line every poll.
   */
  onError?: (error: unknown) => void;
  errorRepeatMs?: number;
  now?: () => number;
}

/** What callers may set on an OS polling source (interval, command runner for tests, error hook). */
export interface PollSourceOptions {
  intervalMs?: number;
  run?: CommandRunner;
  onError?: (error: unknown) => void;
}

export class PollingSource implements SessionSource {
  readonly name: string;
  private timer: NodeJS.Timeout | undefined;
  private previous: ReadonlySet<string> | undefined;
  private running: Promise<void> | undefined;
  private emit: ((event: SessionEvent) => void) | undefined;
  /** When the current run of failed polls was last reported (undefined: the last poll worked). */
  private errorReportedAt: number | undefined;

  constructor(private readonly options: PollingOptions) {
    this.name = options.name;
  }

  /**
   * Takes a first snapshot and reports the accounts already logged in as `start` (the journal
   * marks them dirty, which is idempotent), then polls every `intervalMs`.
   */
  async start(emit: (event: SessionEvent) => void): Promise<void> {
    this.emit = emit;
    this.previous = new Set();
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.emit = undefined;
    await this.running;
  }

  /** One poll now (tests call it directly); overlapping polls are coalesced. */
  poll(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.pollOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pollOnce(): Promise<void> {
    let next: ReadonlySet<string>;
    try {
      next = await this.options.snapshot();
    } catch (error) {
      // A failed poll is not "everybody logged out": keep the previous snapshot.
      this.reportError(error);
      return;
    }
    this.errorReportedAt = undefined;
    const emit = this.emit;
    if (!emit) return;
    const { started, ended } = diffAccounts(this.previous ?? new Set(), next);
    this.previous = next;
    const trigger = this.options.trigger ?? 'logout';
    for (const account of ended) emit({ kind: 'end', account, trigger, source: this.name });
    for (const account of started) emit({ kind: 'start', account, trigger, source: this.name });
  }

  private reportError(error: unknown): void {
    const now = (this.options.now ?? Date.now)();
    if (this.errorReportedAt !== undefined && now - this.errorReportedAt < (this.options.errorRepeatMs ?? 3_600_000)) return;
    this.errorReportedAt = now;
    this.options.onError?.(error);
  }
}
