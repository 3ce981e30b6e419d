/**
 * Retries of wipes that did not end verified clean (something remained, a failure, an error):
 * the journal keeps the target dirty, and without a retry nothing would wipe it again before the
 * next session event or a restart. Backoff with jitter (30 s, 2 min, 10 min, then every hour),
 * one timer per target. A later verified wipe of the target, or a new session on it, cancels the
 * retry (the session's end will wipe it; wiping during a session would take the new patron's
 * files). Retries run with trigger 'recovery'. Only counts are exposed (`pending`); targets are
 * known by their journal key and never logged.
 */
import type { JournalTarget } from '../session/journal.js';
import type { EventLog } from '../log/logger.js';

export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000];
/** Each delay is spread by ± this fraction, so many PCs that failed together do not retry together. */
export const RETRY_JITTER = 0.2;

export interface RetryOptions {
  /** Backoff steps; the last one repeats. Tests pass short ones. */
  delaysMs?: readonly number[];
  jitter?: number;
  random?: () => number;
  /** Queues the retry wipe (the agent's wipeTarget, trigger 'recovery'). */
  retry: (target: JournalTarget) => void;
  log?: EventLog;
}

export class RetryScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Failed wipes in a row per target (decides the next delay); reset by a clean wipe or a session start. */
  private readonly failures = new Map<string, number>();
  private stopped = false;
  private readonly delays: readonly number[];

  constructor(private readonly options: RetryOptions) {
    this.delays = options.delaysMs && options.delaysMs.length > 0 ? options.delaysMs : RETRY_DELAYS_MS;
  }

  /** Retries waiting for their timer. */
  get pending(): number {
    return this.timers.size;
  }

  /** The delay before retry number `attempt` (0-based), with jitter. */
  delayFor(attempt: number): number {
    const base = this.delays[Math.min(attempt, this.delays.length - 1)] as number;
    const jitter = this.options.jitter ?? RETRY_JITTER;
    const spread = 1 + jitter * (2 * (this.options.random ?? Math.random)() - 1);
    return Math.max(0, Math.round(base * spread));
  }

  /**
   * Called when a wipe of `key` ended: `retry` (it left the target dirty by failing) schedules
   * the next retry; anything else (verified clean, refused, a session started meanwhile) cancels.
   */
  afterWipe(key: string, target: JournalTarget, retry: boolean): void {
    if (!retry) {
      this.cancel(key);
      return;
    }
    if (this.stopped) return;
    const attempt = this.failures.get(key) ?? 0;
    this.failures.set(key, attempt + 1);
    this.clearTimer(key);
    const delayMs = this.delayFor(attempt);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.options.log?.info('wipe.retry', { attempt: attempt + 1 });
      try {
        this.options.retry(target);
      } catch {
        // e.g. no longer a configured patron account (E_NOT_PATRON): nothing to retry
        this.failures.delete(key);
      }
    }, delayMs);
    timer.unref(); // never keeps a stopping process alive
    this.timers.set(key, timer);
    this.options.log?.info('wipe.retry-scheduled', { attempt: attempt + 1, delayMs, pending: this.timers.size });
  }

  /** A new session on the target, or a verified wipe: no retry, and the backoff starts over. */
  cancel(key: string): void {
    this.clearTimer(key);
    this.failures.delete(key);
  }

  /** Cancels every retry and schedules none any more (agent stopping). */
  stop(): void {
    this.stopped = true;
    for (const key of [...this.timers.keys()]) this.clearTimer(key);
    this.failures.clear();
  }

  private clearTimer(key: string): void {
    const timer = this.timers.get(key);
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(key);
  }
}
