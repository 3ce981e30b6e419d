/**
 * Deletes graveyard items off the service's event loop, using both cores, with exact counts per
 * item. Two worker threads run the same walkTree (lstat only, no link followed, no filesystem
 * crossed; on Linux anchored on directory descriptors, see anchored.ts), pinned to each job's
 * graveyard and item identities. On Linux the workers only count, and GNU `rm -rf
 * --one-file-system` deletes the counted items (reap-rm.ts); what it leaves, items to overwrite
 * and leftover graveyards are deleted by the anchored walk. A small set (a typical session) is
 * walked on the calling thread instead, between event-loop turns: no worker is started.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Pacer } from '../pace.js';
import { rmProgram, reapWithRm } from './reap-rm.js';
import { walkTree, type TreeResult } from '../fs/tree.js';
import type { WalkTask } from './reap-worker.js';
import { walkTask, WalkPool, type ReapJob } from './walk-pool.js';

export type { ReapJob };

/**
 * Below this many entries in all, the walks run on the calling thread (one item at a time, the
 * event loop getting a turn between items) instead of starting worker threads: for a typical
 * session (~1,000 files) the workers cost more to load than the walk. On Linux the deletion
 * still goes to two `rm` lanes (unlinking waits on the disk, and two lanes overlap that: measured
 * 0.78× the time of deleting on this thread). No single item above INLINE_ITEM_ENTRIES is walked
 * here, so one synchronous step stays a few ms.
 */
export const INLINE_ENTRIES = 3000;
export const INLINE_ITEM_ENTRIES = 600;

/**
 * Entries under `p` (itself included), or Infinity once more than `cap`: an estimate only (names
 * listed, nothing followed: a link or another file type counts one), the deletion walk re-checks everything.
 */
export function entriesUpTo(p: string, cap: number): number {
  let n = 1;
  try {
    if (!lstatSync(p).isDirectory()) return n;
  } catch {
    return n;
  }
  const dirs = [p];
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    n += entries.length;
    if (n > cap) return Infinity;
    for (const e of entries) if (e.isDirectory()) dirs.push(path.join(dir, e.name));
  }
  return n;
}

/**
 * Each item's estimated entries when all together (and each one) are small enough to walk on this
 * thread (INLINE_ENTRIES), else undefined; also undefined when TABULA_REAP forces the workers, and
 * for a path that is not a string (a name that is not UTF-8: such sets go to the workers).
 */
function smallSizes(paths: readonly (string | Uint8Array)[]): number[] | undefined {
  if (process.env.TABULA_REAP !== undefined) return undefined;
  let total = 0;
  const sizes: number[] = [];
  for (const p of paths) {
    if (typeof p !== 'string') return undefined;
    const size = entriesUpTo(p, Math.min(INLINE_ITEM_ENTRIES, INLINE_ENTRIES - total));
    total += size;
    if (total > INLINE_ENTRIES) return undefined;
    sizes.push(size);
  }
  return sizes;
}

/**
 * `alongside`: work for this thread while others delete (the wipe's verification): run once the
 * items are counted, while the rm lanes or the workers delete them; after the deletion where it
 * happens on this thread. It must not reject (the caller keeps its error).
 */
export async function reap(jobs: ReapJob[], onDone?: (done: number) => void, alongside?: () => Promise<void>): Promise<TreeResult[]> {
  // TABULA_REAP=rm|walk (tests, benchmarks) forces the workers with or without rm at any size.
  const sizes = smallSizes(jobs.map((job) => job.path));
  const pool = new WalkPool(); // starts no thread until something runs on it
  try {
    const rm = rmProgram();
    // Small on Linux: counted here (no worker to start), deleted by two rm lanes (unlinking waits on the disk).
    if (rm) return await reapWithRm(rm, jobs, pool, onDone, sizes ? { count: walkHere, sizes } : undefined, alongside);
    let done = 0;
    if (sizes) {
      const results = await walkHere(
        jobs.map((job) => walkTask(job, true)),
        () => onDone?.(++done),
      );
      await alongside?.();
      return results;
    }
    const [results] = await Promise.all([
      pool.run(
        jobs.map((job) => walkTask(job, true)),
        () => onDone?.(++done),
      ),
      alongside?.(),
    ]);
    return results;
  } finally {
    await pool.close();
  }
}

/**
 * Counts without removing anything (a dry run's preview): on this thread when the set is small,
 * as reap does (no worker to start), else on the workers, so a 100,000-entry cache never blocks
 * the agent. `onEach` after each task.
 */
export async function countOnly(tasks: WalkTask[], onEach?: () => void): Promise<TreeResult[]> {
  const counting = tasks.map((task) => ({ ...task, remove: false, overwrite: false }));
  if (smallSizes(tasks.map((task) => task.path))) return walkHere(counting, onEach);
  const pool = new WalkPool();
  try {
    return await pool.run(counting, () => onEach?.());
  } finally {
    await pool.close();
  }
}

/**
 * The tasks walked here instead of on workers, as they ask (deleting or counting; a small set's
 * reap, reapWithRm's first step for one, countOnly), the event loop getting a turn between tasks.
 */
async function walkHere(tasks: WalkTask[], onEach?: () => void): Promise<TreeResult[]> {
  const pacer = new Pacer();
  const results: TreeResult[] = [];
  for (const t of tasks) {
    await pacer.maybePause();
    results.push(
      walkTree(typeof t.path === 'string' ? t.path : Buffer.from(t.path), t.dev, t.remove, t.overwrite, { parent: t.parent, self: t.self }),
    );
    onEach?.();
  }
  return results;
}
