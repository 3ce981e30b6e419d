/**
 * Warm-ups during patron sessions (issue 14). A session end's "safe" time is mostly its plan, and
 * a plan that has not run since the agent started is 2–3× slower: its code is not compiled or
 * optimised yet. So while a patron session is open, its home is planned every `everyMs` and the
 * plan thrown away (job/warm-plan.ts: nothing moved, counted, logged or reported), one warm-up at
 * a time and never while a wipe runs or waits. A home whose plan takes long (a patron can fill
 * Downloads with a million files) is warmed less often: the gap after a warm-up is at least
 * SPACING times its plan's duration, so warm-ups take at most ~1 % of the agent's time. Any wipe of the
 * target ends its warm-ups, and a warm-up in progress gives way to any wipe at its next pause.
 * Targets are known by their journal key only. The agent keeps each session's last warm-up plan
 * for its end (EARLY_MAX_ITEMS).
 */

/** Between two warm-ups of an open session (and from its start to the first one). */
export const WARM_EVERY_MS = 30_000;
/** The gap after a warm-up is at least this many times as long as it took. */
export const SPACING = 100;
/**
 * The last warm-up plan of a session is kept for its end, whose wipe moves its items first
 * (wipe/execute/early.ts), up to this many items: a bigger plan would hold megabytes of paths
 * for the whole session, and a big home's "safe" is already bounded (its plan is lstat-only).
 */
export const EARLY_MAX_ITEMS = 5_000;

export interface WarmUpOptions {
  /** Tests and the latency bench pass a short one; 0 turns warm-ups off. */
  everyMs?: number;
  /** Default SPACING (unit tests pass 0). */
  spacing?: number;
  /** Plans the account's home and throws the plan away; gives up when `stop()` is true. Resolves with the plan's duration (ms). */
  warm: (account: string, stop: () => boolean) => Promise<number>;
  /** A wipe runs or waits: no warm-up starts. */
  busy: () => boolean;
  /** Called after each warm-up that ran, with its plan's duration (tests). */
  onWarm?: (ms: number) => void;
}

interface Session {
  account: string;
  timer?: NodeJS.Timeout;
  /** Until its next warm-up is due. */
  gapMs: number;
}

export class WarmUps {
  private readonly sessions = new Map<string, Session>();
  /** Sessions whose warm-up is due, in the order they came due (key → account): each gets its turn. */
  private readonly due = new Map<string, string>();
  private running = false;
  /** Wipes requested so far: a warm-up started before the latest one stops. */
  private wipes = 0;
  private stopped = false;
  private readonly everyMs: number;

  constructor(private readonly options: WarmUpOptions) {
    this.everyMs = options.everyMs ?? WARM_EVERY_MS;
  }

  /** Sessions being warmed. */
  get active(): number {
    return this.sessions.size;
  }

  /** The gap before the next warm-up of `key` (tests). */
  gapOf(key: string): number | undefined {
    return this.sessions.get(key)?.gapMs;
  }

  /** A patron session of `account` started. */
  sessionStarted(key: string, account: string): void {
    if (this.stopped || this.everyMs <= 0) return;
    this.end(key);
    const session: Session = { account, gapMs: this.everyMs };
    this.sessions.set(key, session);
    this.schedule(key, session);
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
    for (const key of [...this.sessions.keys()]) this.end(key);
  }

  private schedule(key: string, session: Session): void {
    session.timer = setTimeout(() => {
      this.due.set(key, session.account);
      this.next();
      if (this.sessions.get(key) === session) this.schedule(key, session); // a skipped turn comes again
    }, session.gapMs);
    session.timer.unref(); // never keeps a stopping process alive
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
        (ms) => {
          const session = this.sessions.get(key);
          if (session) {
            // The next one a full gap from now: a turn that came due meanwhile is dropped.
            session.gapMs = Math.max(this.everyMs, (this.options.spacing ?? SPACING) * ms);
            this.due.delete(key);
            clearTimeout(session.timer);
            this.schedule(key, session);
          }
          this.options.onWarm?.(ms);
        },
        () => undefined, // stopped, or a home the wipe will report on: a warm-up has nothing to say
      )
      .finally(() => {
        this.running = false;
        this.next();
      });
  }

  private end(key: string): void {
    this.due.delete(key);
    const session = this.sessions.get(key);
    if (!session) return;
    clearTimeout(session.timer);
    this.sessions.delete(key);
  }
}
