/**
 * The outside-home areas as one step the wipe job runs after the engine (job/areas.ts):
 * `outsideStep(selection, action)` runs every area for every target and answers counts,
 * failures, what was left and the areas' scope, by category.
 *
 *   dry run / preview:   outsideStep(selection, 'plan')
 *   wipe:                outsideStep(selection, 'wipe'), then outsideStep(selection, 'verify')
 *
 * The owner-swept folders (/dev/shm, /var/crash, ...) are planned by the planner itself
 * (Target.ownedRoots); the engine reports their scope (wipe/wipe.ts `engineScope`).
 */
import type { CategoryId } from '../../../protocol/categories.js';
import type { FailureCount, WipeScope } from '../../../protocol/wipe-summary.js';
import { runCommand, type CommandRunner } from '../base/run-command.js';
import { addCount, addFailure } from '../wipe/execute/tally.js';
import type { Selection } from '../wipe/types.js';
import { printJobs, type AreaAction, type AreaOutcome } from './print-jobs.js';

export type { AreaAction };

/** What the outside areas did or found; `scope` names only these areas (never home or owned). */
export interface OutsideResult {
  categories: Partial<Record<CategoryId, { items: number; bytes: number }>>;
  failures: FailureCount[];
  remaining: number;
  scope: WipeScope;
}

export async function outsideStep(selection: Selection, action: AreaAction, run: CommandRunner = runCommand): Promise<OutsideResult> {
  const result: OutsideResult = { categories: {}, failures: [], remaining: 0, scope: { verified: [], unchecked: [], notApplicable: [] } };
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
    if (o.items > 0 || o.bytes > 0) addCount(result.categories, 'print-jobs', o);
    result.remaining += o.remaining;
    for (const f of o.failures) addFailure(result.failures, { category: 'print-jobs', code: f.code, count: f.count });
  }
  return result;
}
