/**
 * Staff PIN entry in the app, in front of the agent's `staffUnlock`. The agent service verifies
 * the PIN (the scrypt hash `scrypt$N$r$p$salt$hash` stays in its root-only configuration: a 4–8
 * digit PIN is found from its hash by brute force in minutes, whatever the KDF) and owns the
 * lockout: five wrong PINs in a row lock the unlock for 30 s, then 60 s, 2 min … up to an hour,
 * answered as E_LOCKED with the seconds to wait (main/agent/service/staff-pin.ts). The app only
 * mirrors that lock: while it lasts it refuses at once, with the time left, without asking the
 * agent; a good PIN yields the agent's short-lived token, kept here in memory, never in a page.
 */
import type { AppFailure, UnlockResult } from '../../protocol/app-api.js';
import { STAFF_PIN_RULE } from '../../protocol/ipc.js';

/** A PIN the app is willing to send (what `tabula staff set-pin` accepts). */
export function isPinShaped(pin: unknown): pin is string {
  return typeof pin === 'string' && STAFF_PIN_RULE.test(pin);
}

/** What the agent said about a PIN (`failure.retryAfterMs` with E_LOCKED). */
export type PinVerdict = { ok: true; token: string; expiresInSec: number } | { ok: false; wrong: boolean; failure: AppFailure };

export interface StaffSession {
  token: string;
  expiresAt: number;
}

export class PinGate {
  private lockedUntil = 0;
  private session: StaffSession | undefined;

  constructor(
    private readonly check: (pin: string) => Promise<PinVerdict>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the agent checks a PIN again, as it last said (0: not locked). */
  retryAfterMs(): number {
    return Math.max(0, this.lockedUntil - this.now());
  }

  async unlock(pin: unknown): Promise<UnlockResult> {
    const wait = this.retryAfterMs();
    if (wait > 0) return { ok: false, code: 'E_LOCKED', retryAfterMs: wait };
    // Never the PIN: a malformed one is wrong without asking (it cannot be the staff PIN).
    if (!isPinShaped(pin)) return { ok: false, code: 'E_FORBIDDEN' };
    const verdict = await this.check(pin);
    if (!verdict.ok) {
      const { failure } = verdict;
      if (failure.code === 'E_LOCKED' && failure.retryAfterMs && failure.retryAfterMs > 0) {
        this.lockedUntil = this.now() + failure.retryAfterMs;
        return { ok: false, code: 'E_LOCKED', retryAfterMs: failure.retryAfterMs };
      }
      return verdict.wrong ? { ok: false, code: 'E_FORBIDDEN' } : { ok: false, code: failure.code };
    }
    this.lockedUntil = 0;
    this.session = { token: verdict.token, expiresAt: this.now() + verdict.expiresInSec * 1000 };
    return { ok: true, expiresInSec: verdict.expiresInSec };
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
}
