/**
 * Login throttling: after `maxFailures` failed logins for one account name (or from one address)
 * within `windowMs`, further attempts are refused until the window has passed. In memory, per
 * app node; the per-route rate limit adds a coarse bound per address.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: ThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000 }) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  blocked(keys: readonly string[], now: number): boolean {
    return keys.some((k) => this.recent(k, now).length >= this.options.maxFailures);
  }

  fail(keys: readonly string[], now: number): void {
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a flood
    for (const k of keys) this.failures.set(k, [...this.recent(k, now), now]);
  }

  succeed(keys: readonly string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
