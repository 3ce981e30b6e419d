/**
 * Wipes run one at a time. Requests for a target that is already waiting join that wait (dedupe);
 * a request for a target whose wipe is running queues one more wipe after it, because the session
 * may have written more since that wipe planned.
 */
export interface QueuedJob<T> {
  key: string;
  run: () => Promise<T>;
}

interface Pending<T> {
  key: string;
  run: () => Promise<T>;
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export class WipeQueue<T> {
  private readonly waiting: Pending<T>[] = [];
  private runningKey: string | undefined;
  private idleWaiters: Array<() => void> = [];

  get queued(): number {
    return this.waiting.length;
  }

  get running(): string | undefined {
    return this.runningKey;
  }

  /** Whether a wipe of `key` is waiting or running. */
  has(key: string): boolean {
    return this.runningKey === key || this.waiting.some((p) => p.key === key);
  }

  enqueue(key: string, run: () => Promise<T>): { promise: Promise<T>; deduped: boolean } {
    const existing = this.waiting.find((p) => p.key === key);
    if (existing) return { promise: existing.promise, deduped: true };
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.waiting.push({ key, run, promise, resolve, reject });
    queueMicrotask(() => void this.pump());
    return { promise, deduped: false };
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (!this.runningKey && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.runningKey !== undefined) return;
    const next = this.waiting.shift();
    if (!next) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    this.runningKey = next.key;
    try {
      next.resolve(await next.run());
    } catch (error) {
      next.reject(error);
    } finally {
      this.runningKey = undefined;
      void this.pump();
    }
  }
}
