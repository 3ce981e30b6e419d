/** Exponential backoff with jitter for the sender: 30 s, 1 min, 2 min … capped at 1 h, each ±50 %. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;

/**
 * The wait after `failures` consecutive failed attempts (1 = the first failure): the exponential
 * delay capped at BACKOFF_CAP_MS, times a random factor in [0.5, 1.5) ("equal jitter" so PCs that
 * lost the dashboard together do not come back together). `random` is injectable for tests.
 */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 30));
  return Math.round(exp * (0.5 + random()));
}
