/**
 * Waiting for the block device between timed deletions (benchmarks only). On a filesystem mounted
 * with online `discard`, freeing blocks issues one discard per freed extent at journal commit, and
 * that backlog outlives the deleting process: without a pause, whichever deletion runs second pays
 * for the first one (seen here: 8 s vs 20 s for the same 30,000 files).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Completed reads, writes and discards of all block devices, and requests in flight. */
function diskActivity(): { done: number; inflight: number } | null {
  try {
    let done = 0;
    let inflight = 0;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/).map(Number);
      if (f.length < 14) continue;
      done += (f[3] ?? 0) + (f[7] ?? 0) + (f[14] ?? 0);
      inflight += f[11] ?? 0;
    }
    return { done, inflight };
  } catch {
    return null;
  }
}

/** BENCH_SETTLE_MAX_MS caps the wait (a machine shared with other work may never go quiet). */
const SETTLE_MAX_MS = Number(process.env.BENCH_SETTLE_MAX_MS ?? 120_000) || 120_000;

/** `sync`, then waits until no block I/O has completed for `quietMs` (at most `maxMs`); returns the ms waited. */
export function settle(quietMs = 1500, maxMs = SETTLE_MAX_MS): number {
  const start = Date.now();
  spawnSync('sync');
  let last = diskActivity();
  if (!last) {
    spawnSync('sleep', ['1']);
    return Date.now() - start;
  }
  let quietSince = Date.now();
  while (Date.now() - start < maxMs) {
    spawnSync('sleep', ['0.25']);
    const now = diskActivity();
    if (!now || now.done !== last.done || now.inflight > 0) {
      quietSince = Date.now();
      if (now) last = now;
    } else if (Date.now() - quietSince >= quietMs) break;
  }
  return Date.now() - start;
}
