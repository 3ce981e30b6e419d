/**
 * The engine's whole wipe: list the account's running browsers, plan, close them (and plan again)
 * when there were any, execute, verify (re-plan must find nothing, while rm deletes what was
 * moved). Areas outside the catalogue plan (print jobs) are the job's (job/areas.ts). Given an
 * earlier plan of the same selection (a session's last warm-up) and no running browser, its items
 * are moved before the plan (execute/early.ts).
 * Every step gives the event loop a turn every few ms (one Pacer for the whole wipe).
 */
import type { CategoryId } from '../../../protocol/categories.js';
import type { FailureCount, WipeScope, WipeSummary } from '../../../protocol/wipe-summary.js';
import type { EventLog } from '../log/logger.js';
import type { RunningBrowsers } from './processes/close.js';
import { execute, type ExecuteOptions } from './execute/executor.js';
import { moveEarly } from './execute/early.js';
import { Moves } from './execute/moves.js';
import { Pacer } from './pace.js';
import { planPaced, type PlanEnvironment } from './plan/planner.js';
import { Tally } from './execute/tally.js';
import type { Plan, Selection, Target } from './types.js';

export interface WipeEnvironment extends PlanEnvironment {
  log: EventLog;
  /** Lists the target's running browsers (nothing signalled), which the wipe then closes. */
  browsers?: (target: Target) => Promise<RunningBrowsers>;
  /** An earlier clean plan of the same selection (the session's last warm-up): moved first (early.ts). */
  earlier?: Plan;
}

/** The areas the engine itself plans and verifies: the home, and the owner-swept folders when the selection has them. */
export function engineScope(selection: Selection): WipeScope {
  const scope: WipeScope = { verified: ['home'], unchecked: [], notApplicable: [] };
  const sweeps = selection.targets.some((t) => t.tempRoots.length > 0 || (t.ownedRoots?.length ?? 0) > 0);
  const wantsTemp = !selection.categories || selection.categories.includes('temp');
  (sweeps && wantsTemp ? scope.verified : scope.notApplicable).push('owned');
  return scope;
}

export interface Verification {
  remaining: number;
  /** Items that remain, per category, in the order the re-plan found them. */
  categories: Partial<Record<CategoryId, number>>;
  /** What the re-plan could not check (an unaddressable name, a link or mount in the way), by category and code. */
  problems: FailureCount[];
}

/** The one verification (after a wipe, and `tabula verify`): a re-plan must find nothing. */
export async function verifySelection(selection: Selection, env: PlanEnvironment, pacer = new Pacer()): Promise<Verification> {
  const again = await planPaced(selection, env, pacer);
  const categories: Partial<Record<CategoryId, number>> = {};
  for (const item of again.items) categories[item.category] = (categories[item.category] ?? 0) + 1;
  const problems = new Tally();
  for (const p of again.problems) problems.fail(p.category, p.code);
  return { remaining: again.items.length, categories, problems: problems.failures };
}

export async function wipe(selection: Selection, env: WipeEnvironment, options: ExecuteOptions): Promise<WipeSummary> {
  let browsersClosed = 0;
  let browsersLeft = 0;
  const pacer = options.pacer ?? new Pacer();
  // The browsers are listed before the plan, so the plan sees every write of one that exited before the listing.
  const find = options.dryRun ? undefined : env.browsers;
  const running = find ? await Promise.all(selection.targets.map((target) => find(target))) : [];
  // Plan before acting on anything: a refused root or missing baseline stops here, before any browser
  // is closed. Only the early moves come first: what an earlier plan of the same selection accepted.
  let startedAt = performance.now();
  const browsersRunning = running.some((r) => r.count > 0);
  // With no browser to close, what an earlier plan found goes first; the plan then finds what is new.
  const moves = env.earlier && !options.dryRun && !browsersRunning ? new Moves() : undefined;
  let movedEarly = 0;
  let first: Plan;
  try {
    if (moves && env.earlier) movedEarly = await moveEarly(env.earlier, moves, pacer);
    first = await planPaced(selection, env, pacer);
  } catch (error) {
    moves?.close(); // what was moved stays in its graveyard: the next wipe reaps it (leftoversOf)
    throw error;
  }
  if (browsersRunning) {
    for (const r of running) {
      const { closed, remaining } = await r.close();
      browsersClosed += closed;
      browsersLeft += remaining;
    }
    startedAt = performance.now();
    first = await planPaced(selection, env, pacer); // the plan that counts: closing browsers writes their last state
  }
  env.log.info('wipe.start', {
    mode: selection.mode,
    dryRun: options.dryRun,
    items: first.items.length,
    movedEarly,
    targets: selection.targets.length,
  });
  // The verification re-plans the home while rm deletes what left it (reaper.ts `alongside`).
  let verification: Promise<Verification> | undefined;
  const alongside = async () => {
    verification = verifySelection(selection, env, pacer);
    await verification.catch(() => undefined); // its error is the wipe's, below
  };
  const summary = await execute(first, {
    ...options,
    startedAt,
    pacer,
    ...(moves ? { moves } : {}),
    ...(options.dryRun ? {} : { alongside }),
  });
  summary.browsersClosed = browsersClosed;
  if (browsersLeft > 0) summary.failures.push({ category: 'sessions', code: 'E_BROWSER_RUNNING', count: browsersLeft });
  summary.scope = engineScope(selection);
  const homeFailed = summary.failures.length > 0;
  if (!options.dryRun) {
    const check = await (verification ?? verifySelection(selection, env, pacer));
    summary.remaining = check.remaining;
    for (const [category, count] of Object.entries(check.categories) as [CategoryId, number][]) {
      summary.failures.push({ category, code: 'E_REMAINING', count });
    }
    if (check.remaining > 0 || homeFailed) {
      summary.outcome = Object.keys(summary.categories).length > 0 ? 'partial' : 'failed';
    }
  } else if (summary.failures.length > 0 && summary.outcome === 'clean') {
    summary.outcome = 'partial';
  }
  env.log.info('wipe.done', {
    mode: summary.mode,
    dryRun: summary.dryRun,
    outcome: summary.outcome,
    safeMs: summary.safeMs,
    doneMs: summary.doneMs,
    remaining: summary.remaining,
    browsersClosed,
    categories: summary.categories as Record<string, { items: number; bytes: number }>,
    failures: summary.failures.map((f) => ({ ...f })),
  });
  return summary;
}
