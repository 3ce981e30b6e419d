/**
 * Areas beyond the catalogue plan (print jobs, other outside-home leftovers): each is one entry
 * of JOB_AREAS. The job runs them after the engine's wipe and verify, on the same selection, and
 * adds their counts to the summary, so the journal, the report and the CLI see one outcome.
 * An area acts only on a real run; in a dry run it counts what it would remove.
 */
import type { CategoryId } from '../../../protocol/categories.js';
import type { CategoryCount, FailureCount, WipeSummary } from '../../../protocol/wipe-summary.js';
import type { EventLog } from '../log/logger.js';
import type { Selection } from '../wipe/types.js';

export interface AreaContext {
  selection: Selection;
  dryRun: boolean;
  log: EventLog;
}

/** What an area did: counts per category, failures by code, and what its own check still found. */
export interface AreaResult {
  categories: Partial<Record<CategoryId, CategoryCount>>;
  failures: FailureCount[];
  /** Items its verification still found (each also listed in `failures` as E_REMAINING). */
  remaining: number;
}

export interface JobArea {
  /** Short id for logs (`print-jobs`). */
  id: string;
  run(ctx: AreaContext): Promise<AreaResult>;
}

/** Every area the job runs, in order. Add an area here: one line. */
export const JOB_AREAS: readonly JobArea[] = [];

/** Runs the areas and folds their counts into `summary` (outcome: partial or failed when one left something). */
export async function runAreas(areas: readonly JobArea[], summary: WipeSummary, ctx: AreaContext): Promise<void> {
  if (areas.length === 0) return;
  for (const area of areas) {
    const result = await area.run(ctx);
    for (const [id, count] of Object.entries(result.categories) as [CategoryId, CategoryCount | undefined][]) {
      if (!count) continue;
      const prev = summary.categories[id];
      summary.categories[id] = { items: (prev?.items ?? 0) + count.items, bytes: (prev?.bytes ?? 0) + count.bytes };
    }
    summary.failures.push(...result.failures.map((f) => ({ ...f })));
    summary.remaining += result.remaining;
    ctx.log.info('wipe.area', { area: area.id, dryRun: ctx.dryRun, failures: result.failures.length, remaining: result.remaining });
  }
  if (!ctx.dryRun && (summary.remaining > 0 || summary.failures.length > 0)) {
    summary.outcome = Object.keys(summary.categories).length > 0 ? 'partial' : 'failed';
  }
}
