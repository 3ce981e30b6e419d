/**
 * Login throttling that slows guesses without locking the real user out. In memory, per app node;
 * the per-route rate limit (20 a minute per address) adds a coarse bound per address.
 *
 *   one name from one address   `pairFree` failures are free; then each attempt waits
 *                               `baseMs` · 2^(failures − pairFree), at most `maxDelayMs`, even with
 *                               the right password. A success there clears it.
 *   one name from anywhere      past `nameFree` failures (within `windowMs` of the last one), an
 *                               address that has not logged in as this name before waits
 *                               `baseMs` · 2^(failures − nameFree), at most `maxNameDelayMs`, between
 *                               attempts for the name: a distributed guess is slowed, and the
 *                               user's usual address (a success within `knownMs`) is never held.
 * Nothing is keyed on the address alone, so failures for other names behind the same address (a
 * library's NAT) never lock anyone out. Each wait answers 429 with Retry-After.
 */
export interface ThrottleOptions {
  pairFree: number;
  nameFree: number;
  baseMs: number;
  maxDelayMs: number;
  maxNameDelayMs: number;
  /** Failures older than this (after the last one) are forgotten. */
  windowMs: number;
  /** How long a successful address stays known for its name. */
  knownMs: number;
  /** Entries per table; past it, failures that hold no one back are forgotten first. */
  maxEntries: number;
}

export const LOGIN_THROTTLE: ThrottleOptions = {
  pairFree: 3,
  nameFree: 20,
  baseMs: 1_000,
  maxDelayMs: 15 * 60_000,
  maxNameDelayMs: 60_000,
  windowMs: 15 * 60_000,
  knownMs: 30 * 24 * 3_600_000,
  maxEntries: 100_000,
};

interface Failures {
  count: number;
  last: number;
}
export interface LoginAttempt {
  name: string;
  ip: string;
}

export class LoginThrottle {
  private readonly pairs = new Map<string, Failures>();
  private readonly names = new Map<string, Failures>();
  private readonly known = new Map<string, number>();
  private readonly options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...LOGIN_THROTTLE, ...options };
  }

  private delay(f: Failures | undefined, free: number, max: number, now: number): number {
    if (!f || now - f.last > this.options.windowMs || f.count < free) return 0;
    const wait = Math.min(max, this.options.baseMs * 2 ** Math.min(f.count - free, 30));
    return Math.max(0, f.last + wait - now);
  }

  /** Milliseconds this attempt must still wait (0: go ahead). */
  waitMs(a: LoginAttempt, now: number): number {
    const name = a.name.toLowerCase();
    const pair = this.delay(this.pairs.get(`${name}\n${a.ip}`), this.options.pairFree, this.options.maxDelayMs, now);
    const knownAt = this.known.get(`${name}\n${a.ip}`);
    const isKnown = knownAt !== undefined && now - knownAt < this.options.knownMs;
    const global = isKnown ? 0 : this.delay(this.names.get(name), this.options.nameFree, this.options.maxNameDelayMs, now);
    return Math.max(pair, global);
  }

  fail(a: LoginAttempt, now: number): void {
    const name = a.name.toLowerCase();
    for (const [map, key, free] of [
      [this.pairs, `${name}\n${a.ip}`, this.options.pairFree],
      [this.names, name, this.options.nameFree],
    ] as const) {
      if (map.size >= this.options.maxEntries) this.forget(map, free, now);
      const f = map.get(key);
      map.set(key, { count: f && now - f.last <= this.options.windowMs ? f.count + 1 : 1, last: now });
    }
  }

  /**
   * Bounded memory under a flood of names: first what holds no one back (fewer than `free`
   * failures, or expired), so a flood of new names does not reset an ongoing delay; only if that
   * is not enough, everything.
   */
  private forget(map: Map<string, Failures>, free: number, now: number): void {
    for (const [key, f] of map) if (f.count < free || now - f.last > this.options.windowMs) map.delete(key);
    if (map.size >= this.options.maxEntries / 2) map.clear();
  }

  succeed(a: LoginAttempt, now: number): void {
    const key = `${a.name.toLowerCase()}\n${a.ip}`;
    this.pairs.delete(key);
    if (this.known.size >= this.options.maxEntries) this.known.clear();
    this.known.set(key, now);
  }
}
