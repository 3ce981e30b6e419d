/**
 * The one "skip loudly, or fail under TABULA_REQUIRE_ALL=1" rule. A test that lacks something it
 * needs (root, a system program, a service) calls `skipOrFail`: on a developer's machine it prints
 * a SKIPPED line and skips; in CI (`.ci/run` sets TABULA_REQUIRE_ALL=1) it fails instead.
 */
import type { TestContext } from 'node:test';

/** Skips `t` loudly (or throws under TABULA_REQUIRE_ALL=1); always returns false, for `if (!ok) return`. */
export function skipOrFail(t: TestContext | undefined, reason: string): false {
  const message = `SKIPPED: ${reason}`;
  if (process.env.TABULA_REQUIRE_ALL === '1') throw new Error(`${message}; TABULA_REQUIRE_ALL=1 forbids skipping`);
  console.warn(message);
  t?.skip(message);
  return false;
}

/** True when running as root; otherwise skips (or fails under TABULA_REQUIRE_ALL=1) with `why`. */
export function needRoot(t: TestContext, why: string): boolean {
  if (process.geteuid?.() === 0) return true;
  return skipOrFail(t, `${why} needs root`);
}
