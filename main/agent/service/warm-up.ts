/**
 * Warm-ups during patron sessions (issue 14). A session end's "safe" time is mostly its plan, and
 * a plan that has not run for a while is 2–3× slower: its code is not compiled or optimised yet,
 * the home's folders are out of the kernel's caches. So while a patron session is open, its home
 * is planned every `everyMs` and the plan thrown away (job/warm-plan.ts: nothing moved, counted,
 * logged or reported), one warm-up at a time and never while a wipe runs or waits. Any wipe of the
 * target ends its warm-ups, and a warm-up in progress gives way to any wipe at its next pause.
 * Targets are known by their journal key only.
 */

/** Between two warm-ups of an open session (and from its start to the first one). */
export const WARM_EVERY_MS = 30_000;

export interface WarmUpOptions {
  /** Tests and the latency bench pass a short one; 0 turns warm-ups off. */
  everyMs?: number;
  /** Plans the account's home and throws the plan away; gives up when `stop()` is true. */
  warm: (account: string, stop: () => boolean) => Promise<void>;
  /** A wipe runs or waits: no warm-up starts. */
  busy: () => boolean;
  /** Called after each warm-up that ran (tests). */
  onWarm?: () => void;
}

export class WarmUps {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Sessions whose warm-up is due, in the order they came due (key → account): each gets its turn. */
  private readonly due = new Map<string, string>();
  private running = false;
  /** Wipes begun so far: a warm-up started before the latest one stops. */
  private wipes = 0;
  private stopped = false;

  constructor(private readonly options: WarmUpOptions) {}

  /** Sessions being warmed. */
  get active(): number {
    return this.timers.size;
  }

  /** A patron session of `account` started. */
  sessionStarted(key: string, account: string): void {
    const everyMs = this.options.everyMs ?? WARM_EVERY_MS;
    if (this.stopped || everyMs <= 0) return;
    this.end(key);
    const timer = setInterval(() => {
      this.due.set(key, account);
      this.next();
    }, everyMs);
    timer.unref(); // never keeps a stopping process alive
    this.timers.set(key, timer);
  }

  /** A wipe of `key` is requested: its warm-ups end, and one in progress (of any target) gives way. */
  wipeRequested(key: string): void {
    this.wipes++;
    this.end(key);
  }

  /** The agent is stopping: no more warm-ups, and one in progress gives way. */
  stop(): void {
    this.stopped = true;
    this.wipes++;
    for (const key of [...this.timers.keys()]) this.end(key);
  }

  private next(): void {
    if (this.running || this.options.busy()) return;
    const first = this.due.entries().next();
    if (first.done) return;
    const [key, account] = first.value;
    this.due.delete(key);
    this.running = true;
    const wipes = this.wipes;
    this.options
      .warm(account, () => this.wipes !== wipes)
      .then(
        () => this.options.onWarm?.(),
        () => undefined, // stopped, or a home the wipe will report on: a warm-up has nothing to say
      )
      .finally(() => {
        this.running = false;
        this.next();
      });
  }

  private end(key: string): void {
    this.due.delete(key);
    const timer = this.timers.get(key);
    if (!timer) return;
    clearInterval(timer);
    this.timers.delete(key);
  }
}
