/** Runs the engine in-process on a temp home, for unit tests. */
import path from 'node:path';
import type { CatalogEntry } from '../../main/agent/catalog/schema.js';
import { execute, type ExecuteOptions } from '../../main/agent/wipe/execute/executor.js';
import { plan } from '../../main/agent/wipe/plan/planner.js';
import type { Plan, Selection } from '../../main/agent/wipe/types.js';
import type { WipeSummary } from '../../protocol/wipe-summary.js';

export function selectionFor(base: string, extra: Partial<Selection> = {}, temp: string[] = []): Selection {
  return {
    platform: 'linux',
    mode: 'clean',
    targets: [{ home: path.join(base, 'home'), tempRoots: temp }],
    stateDir: path.join(base, 'state'),
    ...extra,
  };
}

export function planFor(selection: Selection, catalog: readonly CatalogEntry[]): Plan {
  return plan(selection, { catalog, knownHomes: [] });
}

export async function wipeFor(
  selection: Selection,
  catalog: readonly CatalogEntry[],
  options: Partial<ExecuteOptions> = {},
): Promise<WipeSummary> {
  return execute(planFor(selection, catalog), { dryRun: false, ...options });
}
