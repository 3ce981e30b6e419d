/**
 * Linux: count, then `rm`. Every graveyard item is counted exactly first (walkTree without
 * removing: anchored on descriptors, lstat only, no link followed, no filesystem crossed), on the
 * workers or, for a small set, on this thread; then GNU `rm -rf --one-file-system` deletes the
 * counted items, in two parallel lanes. rm unlinks relative to directory descriptors, never
 * follows a link and, with --one-file-system, never enters another filesystem. It runs inside the
 * graveyard folder (cwd) on relative names, and nothing is resolved through the home any more:
 * the home is the patron's, so a process left behind could rename the graveyard and put a link in
 * its place. A graveyard pinned by descriptor (the executor's, `/proc/self/fd/<g>`) is handed to
 * rm as its fd 3 and entered through it (the child's working folder is set after its descriptors:
 * no path is resolved at all); one known by path only is entered by a shell that first checks it
 * is the graveyard created by this wipe (dev:ino). An item rm leaves (busy, immutable, a mount
 * inside, a failed check) is counted again and walked for deletion by the same anchored walk
 * (pinned to the graveyard and the item), so the counts stay exact: removed = counted before −
 * still there after rm + removed by the walk. rm's output (it names paths) is discarded. While the
 * lanes delete, this thread runs the caller's `alongside` work (the wipe's verification).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { FD_DIR } from '../fs/beneath.js';
import { walkTask, type ReapJob, type WalkPool } from './walk-pool.js';
import path from 'node:path';
import type { WalkTask } from './reap-worker.js';
import type { TreeResult } from '../fs/tree.js';

const LANES = 2;
/** Bytes of path arguments per rm process (well under ARG_MAX). */
const ARGS_PER_SPAWN = 64 * 1024;

/** GNU rm by absolute path (never through $PATH), Linux only; undefined elsewhere or if absent. */
export function rmProgram(): string | undefined {
  if (process.platform !== 'linux' || process.env.TABULA_REAP === 'walk') return undefined;
  return ['/usr/bin/rm', '/bin/rm'].find((p) => existsSync(p));
}

/**
 * A graveyard known by path only: `$1`, the expected dev:ino of the working folder; `$2`, rm; then
 * the names to remove in it.
 */
const IN_GRAVEYARD = '[ "$(stat -c %d:%i .)" = "$1" ] || exit 97; rm=$2; shift 2; exec "$rm" -rf --one-file-system -- "$@"';
const MOVED_AWAY = 97;
/** The child's fd 3, which it enters: libuv sets a child's descriptors before its working folder. */
const PINNED_CWD = '/proc/self/fd/3';

/** rm's exit code for `names` in the graveyard `dir`; -1 when it could not start (or enter the folder). */
export function runRm(rm: string, dir: string, id: { dev: number; ino: number }, names: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = FD_DIR.test(dir)
      ? spawn(rm, ['-rf', '--one-file-system', '--', ...names], {
          cwd: PINNED_CWD,
          stdio: ['ignore', 'ignore', 'ignore', Number(dir.slice(dir.lastIndexOf('/') + 1))],
        })
      : spawn('/bin/sh', ['-c', IN_GRAVEYARD, 'sh', `${id.dev}:${id.ino}`, rm, ...names], { cwd: dir, stdio: 'ignore' });
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code ?? -1));
  });
}

function sameFolder(dir: string, id: { dev: number; ino: number } | undefined): boolean {
  try {
    const st = statSync(dir); // a `/proc/self/fd/<g>` name is followed to the pinned folder itself
    return !!id && st.isDirectory() && st.dev === id.dev && st.ino === id.ino;
  } catch {
    return false;
  }
}

function namesIn(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

/** A small set (reaper.ts): counted on the calling thread, each item's size estimated beforehand. */
export interface SmallSet {
  /** Walks tasks here (count, or delete what does not go to rm), instead of on the pool's workers. */
  count: (tasks: WalkTask[]) => Promise<TreeResult[]>;
  /** Estimated entries per job (reaper.ts entriesUpTo), to balance the lanes before counting. */
  sizes: readonly number[];
}

interface LaneEntry {
  job: ReapJob;
  i: number;
}

/** Two lanes balanced by `size`, largest items first. */
function balance(entries: LaneEntry[], size: (i: number) => number): LaneEntry[][] {
  const lanes = Array.from({ length: LANES }, () => ({ load: 0, items: [] as LaneEntry[] }));
  for (const entry of [...entries].sort((a, b) => size(b.i) - size(a.i))) {
    const lane = lanes.reduce((min, l) => (l.load < min.load ? l : min));
    lane.items.push(entry);
    lane.load += size(entry.i);
  }
  return lanes.map((l) => l.items);
}

/**
 * Counts every job exactly, then deletes the counted ones with rm. A small set is counted lane by
 * lane and each lane's rm starts as soon as its own items are counted, so the second lane is
 * counted while the first is being deleted (never an item while rm has it).
 */
export async function reapWithRm(
  rm: string,
  jobs: ReapJob[],
  pool: WalkPool,
  onDone?: (done: number) => void,
  small?: SmallSet,
  alongside?: () => Promise<void>,
): Promise<TreeResult[]> {
  // Items to overwrite first (and any without a pinned graveyard) are walked and deleted as before; the rest are counted.
  const viaRm = (j: ReapJob) => !j.overwrite && j.graveyard !== undefined;
  const tasks = jobs.map((j) => walkTask(j, !viaRm(j)));
  const byRm: LaneEntry[] = jobs.map((job, i) => ({ job, i })).filter(({ job }) => viaRm(job));
  const direct = jobs.map((job, i) => ({ job, i })).filter(({ job }) => !viaRm(job));
  let done = 0;
  /** Graveyards where some rm did not end with 0 (something left, or 97: the folder was replaced). */
  const unfinished = new Map<string, number>();

  // One lane: a sequence of rm processes over batches of its items, per graveyard.
  const runLane = async (lane: LaneEntry[]): Promise<void> => {
    const byDir = new Map<string, LaneEntry[]>();
    for (const entry of lane) {
      const dir = path.dirname(entry.job.path);
      const list = byDir.get(dir);
      if (list) list.push(entry);
      else byDir.set(dir, [entry]);
    }
    for (const [dir, entries] of byDir) {
      const id = entries[0]?.job.graveyard as { dev: number; ino: number };
      for (let start = 0; start < entries.length;) {
        let bytes = 0;
        let end = start;
        while (end < entries.length && (end === start || bytes < ARGS_PER_SPAWN))
          bytes += path.basename(entries[end++]?.job.path ?? '').length + 1;
        const code = await runRm(
          rm,
          dir,
          id,
          entries.slice(start, end).map(({ job }) => path.basename(job.path)),
        );
        if (code !== 0 && unfinished.get(dir) !== MOVED_AWAY) unfinished.set(dir, code);
        done += end - start;
        onDone?.(done);
        start = end;
      }
    }
  };

  const counted: TreeResult[] = new Array<TreeResult>(jobs.length);
  const keep = (entries: LaneEntry[], results: TreeResult[]) => entries.forEach(({ i }, k) => (counted[i] = results[k] as TreeResult));
  if (small) {
    keep(direct, await small.count(direct.map(({ i }) => tasks[i] as WalkTask)));
    done = direct.length;
    if (done > 0) onDone?.(done);
    const lanes: Promise<void>[] = [];
    for (const lane of balance(byRm, (i) => small.sizes[i] ?? 1)) {
      keep(lane, await small.count(lane.map(({ i }) => tasks[i] as WalkTask)));
      lanes.push(runLane(lane));
    }
    await Promise.all([...lanes, alongside?.()]);
  } else {
    keep(
      jobs.map((job, i) => ({ job, i })),
      await pool.run(tasks),
    );
    done = direct.length;
    if (done > 0) onDone?.(done);
    await Promise.all([...balance(byRm, (i) => counted[i]?.items ?? 1).map(runLane), alongside?.()]);
  }

  // rm ended with 0 for a whole graveyard: all its items are gone. Elsewhere, what rm left is
  // counted (to subtract) and walked for deletion (its failures are reported), unless the
  // graveyard is no longer the folder this wipe made. One readdir per graveyard, not one lstat per item.
  const results = counted.map((r) => ({ ...r, failures: [...r.failures] }));
  const remaining = new Map<string, Set<string> | 'replaced'>();
  for (const [dir, code] of unfinished) {
    const id = byRm.find(({ job }) => path.dirname(job.path) === dir)?.job.graveyard;
    remaining.set(dir, code === MOVED_AWAY || !sameFolder(dir, id) ? 'replaced' : namesIn(dir));
  }
  const left = byRm.filter(({ job, i }) => {
    const names = remaining.get(path.dirname(job.path));
    if (names === 'replaced') results[i] = { items: 0, bytes: 0, failures: ['E_IDENTITY_CHANGED'] };
    return names instanceof Set && names.has(path.basename(job.path));
  });
  if (left.length === 0) return results;
  const still = await pool.run(left.map(({ job }) => walkTask(job, false, false)));
  const walked = await pool.run(left.map(({ job }) => walkTask(job, true, false)));
  left.forEach(({ i }, k) => {
    const before = results[i] as TreeResult;
    const s = still[k] as TreeResult;
    const w = walked[k] as TreeResult;
    results[i] = { items: before.items - s.items + w.items, bytes: before.bytes - s.bytes + w.bytes, failures: w.failures };
  });
  return results;
}
