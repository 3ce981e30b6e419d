/**
 * Staff PIN: stored as `scrypt$N$r$p$<salt>$<hash>` (base64), verified in constant time. A good
 * PIN yields a short-lived random token for privileged requests over the patron channel; repeated
 * failures lock the unlock for a while (a 4-digit PIN must not be guessable by a script).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

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
  maxFailures?: number;
  lockMs?: number;
  now?: () => number;
}

export class StaffAuth {
  private readonly tokens = new Map<string, number>();
  private failures = 0;
  private lockedUntil = 0;

  constructor(private readonly options: StaffAuthOptions = {}) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** A token for a good PIN; 'locked' while locked out; undefined for a bad PIN. */
  unlock(pin: string, stored: string | undefined): { token: string; expiresInSec: number } | 'locked' | undefined {
    const now = this.now();
    if (now < this.lockedUntil) return 'locked';
    if (!verifyPin(pin, stored)) {
      this.failures++;
      if (this.failures >= (this.options.maxFailures ?? 5)) {
        this.lockedUntil = now + (this.options.lockMs ?? 60_000);
        this.failures = 0;
      }
      return undefined;
    }
    this.failures = 0;
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
