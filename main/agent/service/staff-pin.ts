/**
 * Staff PIN: stored as `scrypt$N$r$p$<salt>$<hash>` (base64), verified in constant time. A good
 * PIN yields a short-lived random token for privileged requests over the patron channel; five wrong
 * PINs in a row lock the unlock for 30 s, then 60 s, 2 min … up to an hour (a 4-digit PIN must not
 * be guessable by a script), answered as E_LOCKED with the seconds to wait.
 *
 * With a state directory the lockout state (wrong PINs in a row, lockouts, lock end, last wrong
 * PIN; never a PIN or a token) is kept in `<stateDir>/staff-lock.json` (0600, atomic writes), so
 * restarting the agent does not clear a lock. A corrupt or unreadable file starts locked for the
 * first lock length (fail safe). Tokens live in memory only.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { EventLog } from '../log/logger.js';
import { readJsonFileStrict, writeJsonAtomic } from '../base/atomic-file.js';
import { TabulaError } from '../base/errors.js';

export const STAFF_LOCK_FILE = 'staff-lock.json';

const N = 16384;
const R = 8;
const P = 1;

export function hashPin(pin: string, salt = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string | undefined): boolean {
  if (!stored) return false;
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (n > 1 << 20 || r > 32 || p > 16) return false;
  const expected = Buffer.from(m[5] ?? '', 'base64');
  const actual = scryptSync(pin, Buffer.from(m[4] ?? '', 'base64'), expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  return expected.length >= 16 && timingSafeEqual(actual, expected);
}

export interface StaffAuthOptions {
  tokenTtlMs?: number;
  /** Wrong PINs in a row that lock the unlock (default 5). */
  maxFailures?: number;
  /** First lock (default 30 s); each further lock doubles it, up to `maxLockMs` (default 1 h). */
  lockMs?: number;
  maxLockMs?: number;
  /** Without a wrong PIN for this long (default 24 h), past lockouts are forgotten. */
  forgetMs?: number;
  now?: () => number;
  /** Keep the lockout state in this directory (the agent's state directory); memory only without. */
  stateDir?: string;
  /** For the fixed events `staff.lock-state-unreadable` and `staff.lock-state-unsaved`. */
  log?: EventLog;
}

/** What survives a restart: counters and wall-clock times (ms since the epoch), nothing secret. */
export interface StaffLockState {
  failures: number;
  lockouts: number;
  lockedUntil: number;
  lastFailure: number;
}

const STATE_KEYS = ['failures', 'lockouts', 'lockedUntil', 'lastFailure'] as const;

/** The saved state, undefined when there is none; throws when the file is corrupt or unreadable. */
export function readStaffLockState(file: string): StaffLockState | undefined {
  const raw = readJsonFileStrict(file);
  if (raw === undefined) return undefined;
  const o = raw as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || o.v !== 1) throw new SyntaxError('bad staff lock state');
  for (const key of STATE_KEYS) {
    const n = o[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new SyntaxError('bad staff lock state');
  }
  return {
    failures: o.failures as number,
    lockouts: o.lockouts as number,
    lockedUntil: o.lockedUntil as number,
    lastFailure: o.lastFailure as number,
  };
}

/** Refused without checking the PIN: the unlock is locked for `retryAfterSec` more seconds. */
export class StaffLockedError extends TabulaError {
  constructor(readonly retryAfterSec: number) {
    super('E_LOCKED');
  }
}

export type UnlockOutcome = { token: string; expiresInSec: number } | { locked: true; retryAfterSec: number } | undefined;

/**
 * The n-th lockout (n ≥ 1) lasts lockMs · 2^(n−1), capped: 30 s, 60 s, 2 min, 4 min … 1 h.
 * Only a good PIN (or a day without a wrong one) resets the count of lockouts.
 */
export function staffLockMs(lockouts: number, options: StaffAuthOptions = {}): number {
  if (lockouts < 1) return 0;
  return Math.min(options.maxLockMs ?? 3_600_000, (options.lockMs ?? 30_000) * 2 ** Math.min(lockouts - 1, 30));
}

export class StaffAuth {
  private readonly tokens = new Map<string, number>();
  private failures = 0;
  private lockouts = 0;
  private lockedUntil = 0;
  private lastFailure = 0;
  private readonly file: string | undefined;

  constructor(private readonly options: StaffAuthOptions = {}) {
    this.file = options.stateDir === undefined ? undefined : path.join(options.stateDir, STAFF_LOCK_FILE);
    if (this.file) this.load(this.file);
  }

  private load(file: string): void {
    const now = this.now();
    let saved: StaffLockState | undefined;
    try {
      saved = readStaffLockState(file);
    } catch {
      // Fail safe: a lock may have been lost with the file, so start locked for the first lock length.
      this.options.log?.warn('staff.lock-state-unreadable', { lockedSec: Math.ceil(staffLockMs(1, this.options) / 1000) });
      this.lockouts = 1;
      this.lastFailure = now;
      this.lockedUntil = now + staffLockMs(1, this.options);
      this.save();
      return;
    }
    if (!saved) return;
    this.failures = saved.failures;
    this.lockouts = saved.lockouts;
    this.lastFailure = Math.min(saved.lastFailure, now);
    // A clock set back must not lengthen a lock beyond what its lockout count allows.
    this.lockedUntil = Math.min(saved.lockedUntil, now + staffLockMs(Math.max(1, saved.lockouts), this.options));
  }

  private save(): void {
    if (!this.file) return;
    const state = { v: 1, failures: this.failures, lockouts: this.lockouts, lockedUntil: this.lockedUntil, lastFailure: this.lastFailure };
    try {
      writeJsonAtomic(this.file, state, { mode: 0o600 });
    } catch {
      this.options.log?.error('staff.lock-state-unsaved', {}); // still enforced in memory
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Seconds until a PIN is checked again (0: not locked). */
  retryAfterSec(): number {
    return Math.max(0, Math.ceil((this.lockedUntil - this.now()) / 1000));
  }

  /**
   * A token for a good PIN; `locked` (with the seconds to wait) while locked out, including for
   * the wrong PIN that starts a lock; undefined for a wrong PIN. While locked no PIN is checked,
   * a good one neither.
   */
  unlock(pin: string, stored: string | undefined): UnlockOutcome {
    const now = this.now();
    if (now < this.lockedUntil) return { locked: true, retryAfterSec: this.retryAfterSec() };
    if (!verifyPin(pin, stored)) {
      if (now - this.lastFailure >= (this.options.forgetMs ?? 86_400_000)) {
        this.failures = 0;
        this.lockouts = 0;
      }
      this.lastFailure = now;
      this.failures++;
      if (this.failures < (this.options.maxFailures ?? 5)) {
        this.save();
        return undefined;
      }
      this.failures = 0;
      this.lockouts++;
      this.lockedUntil = now + staffLockMs(this.lockouts, this.options);
      this.save();
      return { locked: true, retryAfterSec: this.retryAfterSec() };
    }
    if (this.failures + this.lockouts + this.lockedUntil + this.lastFailure > 0) {
      this.failures = 0;
      this.lockouts = 0;
      this.lockedUntil = 0;
      this.lastFailure = 0;
      this.save();
    }
    const ttl = this.options.tokenTtlMs ?? 5 * 60_000;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + ttl);
    return { token, expiresInSec: Math.round(ttl / 1000) };
  }

  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const expiry = this.tokens.get(token);
    if (expiry === undefined) return false;
    if (this.now() >= expiry) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }
}
