/**
 * Areas beyond the catalogue plan (print jobs and their logs today): each is one entry of
 * JOB_AREAS. The job runs them after the engine's wipe and verify, on the same selection, and folds
 * their counts, failures and scope into the summary, so the journal, the report and the CLI see one
 * outcome. On a real run an area acts, then checks again (`verify`); in a dry run it counts what it
 * would remove (`plan`). An area that could not be checked makes a clean outcome `partial`.
 */
import type { WipeScope, WipeSummary } from '../../../protocol/wipe-summary.js';
import type { EventLog } from '../log/logger.js';
import { outsideStep, type AreaAction, type OutsideResult } from '../outside/index.js';
import { addCounts, addFailure } from '../wipe/execute/tally.js';
import type { Selection } from '../wipe/types.js';

export interface JobArea {
  /** Short id for logs (`print-jobs`). */
  id: string;
  step(selection: Selection, action: AreaAction): Promise<OutsideResult>;
}

/** Every area the job runs, in order. Add an area here: one line. */
export const JOB_AREAS: readonly JobArea[] = [{ id: 'print-jobs', step: (selection, action) => outsideStep(selection, action) }];

export interface AreaContext {
  selection: Selection;
  dryRun: boolean;
  log?: EventLog;
}

/** Runs the areas (plan, or wipe then verify) and folds them into `summary`. */
export async function runAreas(summary: WipeSummary, ctx: AreaContext, areas: readonly JobArea[] = JOB_AREAS): Promise<void> {
  for (const area of areas) {
    const done = await area.step(ctx.selection, ctx.dryRun ? 'plan' : 'wipe');
    addCounts(summary.categories, done.categories);
    for (const f of done.failures) addFailure(summary.failures, f);
    let scope = done.scope;
    if (!ctx.dryRun) {
      // The check after the wipe is what counts: what it still finds is remaining, what it could not reach is unchecked.
      const check = await area.step(ctx.selection, 'verify');
      summary.remaining += check.remaining;
      for (const f of check.failures) if (f.code === 'E_REMAINING') addFailure(summary.failures, f);
      scope = check.scope;
    }
    summary.scope = mergeScope(summary.scope, scope);
    ctx.log?.info('wipe.area', { area: area.id, dryRun: ctx.dryRun, failures: done.failures.length, remaining: summary.remaining });
  }
  if (summary.outcome === 'clean' && (summary.remaining > 0 || summary.failures.length > 0)) summary.outcome = 'partial';
}

/** `tabula verify`'s part of the areas: what each still finds, merged. */
export async function verifyAreas(selection: Selection, areas: readonly JobArea[] = JOB_AREAS): Promise<OutsideResult> {
  const total: OutsideResult = { categories: {}, failures: [], remaining: 0, scope: { verified: [], unchecked: [], notApplicable: [] } };
  for (const area of areas) {
    const check = await area.step(selection, 'verify');
    total.remaining += check.remaining;
    for (const f of check.failures) addFailure(total.failures, f);
    total.scope = mergeScope(total.scope, check.scope);
  }
  return total;
}

export function mergeScope(a: WipeScope | undefined, b: WipeScope): WipeScope {
  return {
    verified: [...(a?.verified ?? []), ...b.verified],
    unchecked: [...(a?.unchecked ?? []), ...b.unchecked],
    notApplicable: [...(a?.notApplicable ?? []), ...b.notApplicable],
  };
}
