/**
 * Staff PIN entry in the app: a lockout in front of the agent's `staffUnlock`. Five wrong PINs in
 * a row lock entry for 1 min, then 2, 4, 8 … up to an hour (the count of lockouts only resets after
 * a good PIN). The first lock is never shorter than the agent's own (60 s after 5 failures, which
 * it reports as E_FORBIDDEN like a wrong PIN): otherwise a good PIN typed right after the app's
 * lock ends would be refused by the agent and counted as wrong. The PIN itself is verified by the agent service, which holds the scrypt hash
 * (`scrypt$N$r$p$salt$hash`, main/agent/service/staff-pin.ts) in its root-only configuration and
 * answers with a short-lived token: the unprivileged app never reads the hash, because a 4–8 digit
 * PIN is found from its hash by brute force in minutes, whatever the KDF.
 */
import type { AppFailure, UnlockResult } from '../../protocol/app-api.js';

export interface LockoutPolicy {
  maxFailures: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, baseLockMs: 60_000, maxLockMs: 3_600_000 };

export interface LockoutState {
  /** Wrong PINs since the last lockout or good PIN. */
  failures: number;
  /** Lockouts since the last good PIN: each doubles the lock time. */
  lockouts: number;
  lockedUntil: number;
}

export const UNLOCKED: LockoutState = { failures: 0, lockouts: 0, lockedUntil: 0 };

/** Lock time of the n-th lockout (n ≥ 1): base · 2^(n−1), capped. */
export function lockMsFor(lockouts: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): number {
  if (lockouts < 1) return 0;
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** Math.min(lockouts - 1, 30));
}

/** Milliseconds until entry is accepted again, or 0 when not locked. */
export function retryAfterMs(state: LockoutState, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

export function recordFailure(state: LockoutState, now: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  const failures = state.failures + 1;
  if (failures < policy.maxFailures) return { ...state, failures };
  const lockouts = state.lockouts + 1;
  return { failures: 0, lockouts, lockedUntil: now + lockMsFor(lockouts, policy) };
}

export function recordSuccess(): LockoutState {
  return { ...UNLOCKED };
}

/** A PIN the app is willing to send: 4–64 characters without spaces (what `tabula config hash-pin` accepts). */
export function isPinShaped(pin: unknown): pin is string {
  return typeof pin === 'string' && /^\S{4,64}$/.test(pin);
}

/** What the agent said about a PIN. */
export type PinVerdict = { ok: true; token: string; expiresInSec: number } | { ok: false; wrong: boolean; failure: AppFailure };

export interface StaffSession {
  token: string;
  expiresAt: number;
}

/**
 * The gate: refuses at once while locked, asks `check` (the agent) otherwise, and keeps the
 * resulting token in memory. Only a verdict of "wrong PIN" counts as a failure; an unreachable
 * agent does not lock staff out.
 */
export class PinGate {
  private state: LockoutState = { ...UNLOCKED };
  private session: StaffSession | undefined;

  constructor(
    private readonly check: (pin: string) => Promise<PinVerdict>,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => number = Date.now,
  ) {}

  async unlock(pin: unknown): Promise<UnlockResult> {
    const wait = retryAfterMs(this.state, this.now());
    if (wait > 0) return { ok: false, code: 'E_FORBIDDEN', retryAfterMs: wait };
    if (!isPinShaped(pin)) return this.fail();
    const verdict = await this.check(pin);
    if (!verdict.ok) return verdict.wrong ? this.fail() : verdict.failure;
    this.state = recordSuccess();
    this.session = { token: verdict.token, expiresAt: this.now() + verdict.expiresInSec * 1000 };
    return { ok: true, expiresInSec: verdict.expiresInSec };
  }

  private fail(): UnlockResult {
    this.state = recordFailure(this.state, this.now(), this.policy);
    const wait = retryAfterMs(this.state, this.now());
    return wait > 0 ? { ok: false, code: 'E_FORBIDDEN', retryAfterMs: wait } : { ok: false, code: 'E_FORBIDDEN' };
  }

  /** The staff token while it is valid. */
  token(): string | undefined {
    if (this.session && this.now() < this.session.expiresAt) return this.session.token;
    this.session = undefined;
    return undefined;
  }

  expiresInSec(): number {
    return this.token() && this.session ? Math.ceil((this.session.expiresAt - this.now()) / 1000) : 0;
  }

  lock(): void {
    this.session = undefined;
  }

  /** Wrong PINs left before the next lockout (for the message under the PIN field). */
  triesLeft(): number {
    return retryAfterMs(this.state, this.now()) > 0 ? 0 : this.policy.maxFailures - this.state.failures;
  }
}
