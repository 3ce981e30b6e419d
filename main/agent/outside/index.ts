/**
 * The hook of the outside-home areas into a wipe (plan → execute → verify), kept out of the
 * engine: `outsideStep(selection, action)` runs every area for every target and answers counts,
 * failures and what was left, by category; `applyOutside` folds that into a WipeSummary and
 * `scopeOf` says which areas were verified, unchecked or not applicable.
 *
 *   dry run / preview:   applyOutside(summary, await outsideStep(selection, 'plan'))
 *   wipe:                applyOutside(summary, await outsideStep(selection, 'wipe'))   after execute()
 *   verify:              await outsideStep(selection, 'verify')                        its `remaining`
 *
 * The owner-swept folders (/dev/shm, /var/crash, ...) are planned by the planner itself
 * (Target.ownedRoots); only their scope is reported here.
 */
import type { CategoryId } from '../../../protocol/categories.js';
import type { FailureCount, ScopeArea, WipeScope, WipeSummary } from '../../../protocol/wipe-summary.js';
import { runCommand, type CommandRunner } from '../session/run-command.js';
import type { Selection } from '../wipe/types.js';
import { printJobs, type AreaAction, type AreaOutcome } from './print-jobs.js';

export interface OutsideResult {
  categories: Partial<Record<CategoryId, { items: number; bytes: number }>>;
  failures: FailureCount[];
  remaining: number;
  scope: WipeScope;
}

export async function outsideStep(selection: Selection, action: AreaAction, run: CommandRunner = runCommand): Promise<OutsideResult> {
  const result: OutsideResult = { categories: {}, failures: [], remaining: 0, scope: scopeOf(selection) };
  const wanted = !selection.categories || selection.categories.includes('print-jobs');
  const outcomes: AreaOutcome[] = [];
  let checkedAny = false;
  let absentAll = true;
  for (const target of selection.targets) {
    if (!wanted || target.account === undefined) continue;
    const outcome = await printJobs(selection.platform, { user: target.account, home: target.home }, selection.print ?? {}, action, run);
    outcomes.push(outcome);
    if (outcome.status !== 'absent') absentAll = false;
    if (outcome.status === 'checked') checkedAny = true;
  }
  const scope = result.scope;
  if (outcomes.length === 0 || absentAll) scope.notApplicable.push('print-jobs');
  else if (outcomes.every((o) => o.status === 'checked' || o.status === 'absent') && checkedAny) scope.verified.push('print-jobs');
  else scope.unchecked.push('print-jobs');
  for (const o of outcomes) {
    if (o.items > 0 || o.bytes > 0) {
      const c = (result.categories['print-jobs'] ??= { items: 0, bytes: 0 });
      c.items += o.items;
      c.bytes += o.bytes;
    }
    result.remaining += o.remaining;
    for (const f of o.failures) addFailure(result.failures, { category: 'print-jobs', code: f.code, count: f.count });
  }
  return result;
}

/** Home and owned areas as the selection claims them (the planner covers both). */
function scopeOf(selection: Selection): WipeScope {
  const scope: WipeScope = { verified: ['home'], unchecked: [], notApplicable: [] };
  const owned: ScopeArea = 'owned';
  const sweeps = selection.targets.some((t) => t.tempRoots.length > 0 || (t.ownedRoots?.length ?? 0) > 0);
  const wantsTemp = !selection.categories || selection.categories.includes('temp');
  (sweeps && wantsTemp ? scope.verified : scope.notApplicable).push(owned);
  return scope;
}

export function addFailure(list: FailureCount[], failure: FailureCount): void {
  const same = list.find((f) => f.category === failure.category && f.code === failure.code);
  if (same) same.count += failure.count;
  else list.push({ ...failure });
}

/** Folds an outside step into a summary: counts, failures, scope; the outcome is recomputed by the caller. */
export function applyOutside(summary: WipeSummary, outside: OutsideResult): void {
  for (const [id, count] of Object.entries(outside.categories) as Array<[CategoryId, { items: number; bytes: number }]>) {
    const c = (summary.categories[id] ??= { items: 0, bytes: 0 });
    c.items += count.items;
    c.bytes += count.bytes;
  }
  for (const f of outside.failures) addFailure(summary.failures, f);
  summary.scope = outside.scope;
}

/** Outcome from counts and failures, as the executor decides it. */
export function outcomeOf(summary: WipeSummary): WipeSummary['outcome'] {
  if (summary.failures.length === 0 && summary.remaining === 0) return 'clean';
  return Object.values(summary.categories).some((c) => (c?.items ?? 0) > 0) ? 'partial' : 'failed';
}
