/**
 * execute(): one code path for the preview and the wipe. A real wipe renames every item into
 * its root's graveyard (the next patron can no longer reach it: `safeMs`), then counts and
 * deletes the graveyards (`doneMs`). A dry run counts the same items in place.
 */
import { lstatSync, realpathSync, renameSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../protocol/categories.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { itemType } from './classify.js';
import { codeOf } from './errors.js';
import { restoreEntry } from './restore.js';
import { createGraveyard, leftoverGraveyards } from './graveyard.js';
import { Tally } from './tally.js';
import { reap } from './reaper.js';
import { walkTree } from './tree.js';
import type { Plan, PlanItem } from './types.js';

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
}

type Identity = 'same' | 'gone' | 'changed';

/** Re-checks, right before acting, that the item and its folder are what the plan saw. */
function identity(item: PlanItem): Identity {
  let st;
  try {
    st = lstatSync(item.path);
  } catch {
    if (item.type !== 'absent') return 'gone';
  }
  if (st && (item.type === 'absent' || st.dev !== item.dev || st.ino !== item.ino || itemType(st) !== item.type)) return 'changed';
  const parent = path.dirname(item.path);
  try {
    const pst = lstatSync(parent);
    if (pst.dev !== item.parentDev || pst.ino !== item.parentIno || !pst.isDirectory()) return 'changed';
    const real = realpathSync.native(parent);
    if (real !== item.root && !real.startsWith(item.root + path.sep)) return 'changed';
  } catch {
    return 'changed';
  }
  return 'same';
}

export async function execute(plan: Plan, options: ExecuteOptions): Promise<WipeSummary> {
  const start = options.startedAt ?? performance.now();
  const tally = new Tally();
  for (const problem of plan.problems) tally.fail(problem.category, problem.code);
  const total = plan.items.length;
  const report = (phase: Progress['phase'], done: number) => options.onProgress?.({ phase, done, total });

  if (options.dryRun) {
    plan.items.forEach((item, i) => {
      const result = walkTree(item.path, item.dev, false);
      tally.count(item.category, result.items, result.bytes);
      report('counting', i + 1);
    });
    return summarize(plan, tally, 0, 0, true);
  }

  const overwrites = (item: PlanItem) => options.overwrite?.includes(item.category) === true;
  const graveyards = new Map<string, string | null>();
  // Graveyards an interrupted wipe left behind are reaped too (their items were counted then).
  const leftovers = new Set(plan.roots.flatMap((root) => leftoverGraveyards(root)));
  const moved: Array<{ item: PlanItem; to: string }> = [];
  const toRestore: PlanItem[] = [];
  plan.items.forEach((item, i) => {
    const check = identity(item);
    if (check === 'gone') return;
    if (check === 'changed') {
      tally.fail(item.category, 'E_IDENTITY_CHANGED');
      return;
    }
    if (item.restoreFrom !== undefined) toRestore.push(item);
    if (item.type === 'absent') return;
    if (!graveyards.has(item.root)) {
      let dir: string | null = null;
      try {
        dir = createGraveyard(item.root);
      } catch {
        dir = null; // read-only or odd root: fall back to deleting in place
      }
      graveyards.set(item.root, dir);
    }
    const graveyard = graveyards.get(item.root);
    if (graveyard) {
      const to = path.join(graveyard, String(i));
      try {
        renameSync(item.path, to);
        moved.push({ item, to });
        report('moving', i + 1);
        return;
      } catch {
        // locked (Windows) or otherwise not movable: delete in place below
      }
    }
    const result = walkTree(item.path, item.dev, true, overwrites(item));
    tally.count(item.category, result.items, result.bytes);
    for (const code of result.failures) tally.fail(item.category, code);
    report('moving', i + 1);
  });
  const safeMs = Math.round(performance.now() - start);
  options.onSafe?.(safeMs);
  for (const item of toRestore) {
    const baseline = plan.baselines.get(item.root);
    try {
      if (baseline && item.restoreFrom !== undefined) restoreEntry(baseline, item.restoreFrom, item.path);
    } catch (error) {
      tally.fail(item.category, codeOf(error));
    }
  }

  const reaped = await reap(moved.map(({ item, to }) => ({ path: to, dev: item.dev, overwrite: overwrites(item) })),
    (done) => report('deleting', done));
  reaped.forEach((result, i) => {
    const { item } = moved[i] as { item: PlanItem };
    tally.count(item.category, result.items, result.bytes);
    for (const code of result.failures) tally.fail(item.category, code);
  });
  for (const dir of [...graveyards.values(), ...leftovers]) {
    if (!dir) continue;
    if (leftovers.has(dir)) walkTree(dir, lstatSync(dir).dev, true);
    else {
      try {
        rmdirSync(dir);
      } catch {
        // not empty: what stayed inside was already counted as a failure of its item
      }
    }
  }
  const doneMs = Math.round(performance.now() - start);
  return summarize(plan, tally, safeMs, doneMs, false);
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
