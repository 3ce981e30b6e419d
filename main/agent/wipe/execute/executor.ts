/**
 * execute(): one code path for the preview and the wipe. A real wipe renames every item into
 * its root's graveyard (the next patron can no longer reach it: `safeMs`), then counts and
 * deletes the graveyards (`doneMs`). A dry run counts the same items in place. A folder the plan
 * found whole (`Plan.whole`) is renamed in one step, and its entries are moved out of it inside the
 * graveyard after `safeMs`, so each is reaped and counted as its own item. Items an earlier plan
 * moved already (`ExecuteOptions.moves`, early.ts) are in the graveyards before this plan's.
 *
 * Between items (never between an item's re-check and its rename) the loops give the event loop
 * a turn every few ms (`Pacer`), so the agent's local channel keeps answering during a big wipe.
 */
import type { CategoryId } from '../../../../protocol/categories.js';
import type { WipeSummary } from '../../../../protocol/wipe-summary.js';
import { codeOf, TabulaError } from '../../base/errors.js';
import { restoreEntry } from './restore.js';
import { restoreAcls, type RestoredEntries } from './restore-acl.js';
import type { CommandRunner } from '../../base/run-command.js';
import { leftoversOf } from './graveyard.js';
import { Moves, unitsOf, type Unit } from './moves.js';
import { Anchors } from './place.js';
import { Pacer } from '../pace.js';
import { Tally } from './tally.js';
import { countOnly, reap } from '../reap/reaper.js';
import { walkTree } from '../fs/tree.js';
import type { Plan, PlanItem } from '../types.js';

export interface Progress {
  phase: 'moving' | 'deleting' | 'counting';
  done: number;
  total: number;
}

export interface ExecuteOptions {
  dryRun: boolean;
  onProgress?: (progress: Progress) => void;
  /** Called once nothing is reachable any more, before physical deletion. */
  onSafe?: (safeMs: number) => void;
  /** When the wipe started (performance.now()), so that safeMs/doneMs include planning. */
  startedAt?: number;
  /** Categories whose files are overwritten with zeros before deletion (best effort on SSDs). */
  overwrite?: readonly CategoryId[];
  /** Paces the synchronous loops (shared with the planning of the same wipe). */
  pacer?: Pacer;
  /** Runs icacls for the owners and ACLs of restored entries (default on Windows only; tests inject one). */
  aclRunner?: CommandRunner;
  /** What this wipe's early moves renamed already (early.ts): reaped and counted with the plan's items. */
  moves?: Moves;
  /** Work for this thread once every item is out of the home and counted, while rm or the workers delete (the verification; reaper.ts). Must not reject. */
  alongside?: () => Promise<void>;
}

/** The inodes a walk of the item in place must still find: its planned folder and itself. */
const pinned = (item: PlanItem) => ({ parent: { dev: item.parentDev, ino: item.parentIno }, self: { dev: item.dev, ino: item.ino } });

/** The path for a worker: its string when that is exact, else a copy of its bytes (not a view of a pooled slab). */
const exactPath = (item: PlanItem): string | Uint8Array => (Buffer.from(item.path).equals(item.raw) ? item.path : new Uint8Array(item.raw));

export async function execute(plan: Plan, options: ExecuteOptions): Promise<WipeSummary> {
  const start = options.startedAt ?? performance.now();
  const tally = new Tally();
  for (const problem of plan.problems) tally.fail(problem.category, problem.code);
  const total = plan.items.length;
  const report = (phase: Progress['phase'], done: number) => options.onProgress?.({ phase, done, total });
  const pacer = options.pacer ?? new Pacer();

  if (options.dryRun) {
    // Counted as the reaper counts (countOnly): a small set here, a large one on its workers.
    let counted = 0;
    const results = await countOnly(
      plan.items.map((item) => ({ path: exactPath(item), dev: item.dev, remove: false, overwrite: false, ...pinned(item) })),
      () => report('counting', ++counted),
    );
    results.forEach((result, i) => tally.count((plan.items[i] as PlanItem).category, result.items, result.bytes));
    return summarize(plan, tally, 0, 0, true);
  }

  const overwrites = (item: PlanItem) => options.overwrite?.includes(item.category) === true;
  const anchors = new Anchors(plan.rootIds);
  const moves = options.moves ?? new Moves();
  // Graveyards an interrupted wipe left behind are reaped too (their items were counted then).
  // Entries named like one that fail its checks are not ours (e.g. a patron's imitation): they are
  // left alone and are not a failure, or anyone could make every wipe report 'partial'.
  // The early moves' graveyards are this wipe's own, not leftovers.
  const leftovers = plan.roots.flatMap((root) => leftoversOf(root)).filter((g) => !moves.owns(g));
  const toRestore: PlanItem[] = [];
  try {
    // A whole folder is moved in one step; when it cannot be, its entries follow it in the queue one by one.
    const queue = unitsOf(plan);
    let handled = 0;
    for (let u = 0; u < queue.length; u++) {
      const { item, parts } = queue[u] as Unit;
      // A turn for the event loop only here, before the re-check: from the re-check to the rename
      // (or the in-place deletion) nothing else runs.
      await pacer.maybePause();
      const found = anchors.locate(item);
      if (parts) {
        if (typeof found === 'object' && moves.rename(item, found, anchors, parts)) {
          handled += parts.length;
          report('moving', handled);
          continue;
        }
        // locked (Windows) or otherwise not movable as a whole: its entries one by one
        queue.splice(u + 1, 0, ...parts.map((part) => ({ item: part })));
        continue;
      }
      handled++;
      if (found === 'gone') continue;
      if (typeof found === 'string') {
        tally.fail(item.category, found === 'mount' ? 'E_MOUNT' : 'E_IDENTITY_CHANGED');
        continue;
      }
      const restores = item.restoreFrom !== undefined;
      if (item.type === 'absent') {
        if (restores) toRestore.push(item);
        continue;
      }
      if (moves.rename(item, found, anchors)) {
        if (restores) toRestore.push(item);
        report('moving', handled);
        continue;
      }
      // Not movable: in place, anchored on the item's pinned folder; a mount point there is never entered (E_MOUNT).
      const result = walkTree(found.from as string | Buffer, item.dev, true, overwrites(item), pinned(item));
      anchors.acted(item);
      tally.count(item.category, result.items, result.bytes);
      for (const code of result.failures) tally.fail(item.category, code);
      // Restored only where the old one is gone: an item still there (locked) is counted once, not again as a failed restore.
      if (restores && result.failures.length === 0) toRestore.push(item);
      report('moving', handled);
    }
    const safeMs = Math.round(performance.now() - start);
    options.onSafe?.(safeMs);
    await moves.splitWhole(pacer);
    const made = new Map<string, RestoredEntries>();
    for (const item of toRestore) {
      await pacer.maybePause();
      const baseline = plan.baselines.get(item.root);
      if (!baseline || item.restoreFrom === undefined) continue;
      const created: string[] = [];
      try {
        restoreEntry(baseline, item.restoreFrom, restorePlace(anchors, item), created);
      } catch (error) {
        tally.fail(item.category, codeOf(error));
      }
      const restored = made.get(item.root) ?? { home: item.root, baseline, made: [] };
      for (const rel of created) restored.made.push({ rel, category: item.category });
      made.set(item.root, restored);
    }
    // Windows: the owner and ACL the baseline recorded (Linux and macOS restore owner and mode with the entry).
    if (process.platform === 'win32' || options.aclRunner) {
      for (const restored of made.values()) {
        for (const f of await restoreAcls(restored, plan.selection.stateDir, options.aclRunner)) tally.fail(f.category, f.code);
      }
    }
    // Leftover graveyards go to the same workers; their items were counted by the wipe that moved them.
    const leftoverJobs = leftovers.map((g) => ({ path: g.path, dev: g.dev, overwrite: false, self: { dev: g.dev, ino: g.ino } }));
    const { moved } = moves;
    const reaped = await reap(
      [
        ...moved.map(({ item, to, graveyard }) => ({
          path: to,
          dev: item.dev,
          overwrite: overwrites(item),
          graveyard: graveyard.id,
          self: { dev: item.dev, ino: item.ino },
        })),
        ...leftoverJobs,
      ],
      (done) => report('deleting', Math.min(done, moved.length)),
      options.alongside,
    );
    reaped.slice(0, moved.length).forEach((result, i) => {
      const { item, parts } = moved[i] as (typeof moved)[number];
      // A folder moved whole: not an item itself (it was no item of the plan), only what stayed in it.
      const folder = parts !== undefined;
      const items = Math.max(0, result.items - (folder && result.failures.length === 0 ? 1 : 0));
      if (!folder || items > 0 || result.bytes > 0) tally.count(item.category, items, result.bytes);
      for (const code of result.failures) tally.fail(item.category, code);
    });
    const doneMs = Math.round(performance.now() - start);
    return summarize(plan, tally, safeMs, doneMs, false);
  } finally {
    moves.close();
    anchors.close();
  }
}

/** Where a restore creates its entry: the item's pinned folder (Linux), else its path. */
function restorePlace(anchors: Anchors, item: PlanItem): Parameters<typeof restoreEntry>[2] {
  if (process.platform !== 'linux') return { path: item.path };
  const found = anchors.parentOf(item);
  if (typeof found === 'string') throw new TabulaError(found === 'mount' ? 'E_MOUNT' : 'E_IDENTITY_CHANGED');
  return { dir: found.parent, name: found.name };
}

function summarize(plan: Plan, tally: Tally, safeMs: number, doneMs: number, dryRun: boolean): WipeSummary {
  const failures = tally.failures;
  const outcome = failures.length === 0 ? 'clean' : tally.totalItems > 0 ? 'partial' : 'failed';
  return {
    mode: plan.selection.mode,
    dryRun,
    outcome,
    categories: tally.categories,
    failures,
    safeMs,
    doneMs,
    browsersClosed: 0,
    remaining: 0,
  };
}
