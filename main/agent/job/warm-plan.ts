/**
 * A warm-up plan (service/warm-up.ts): the catalogue plan of a patron's home while the session is
 * open. Nothing is moved, counted, logged or reported, and no browser is looked at. Always the
 * clean catalogue plan (never reset's comparison, which reads every baseline file), the same code
 * a session end then runs first; paced in short slices, and abandoned at the first pause after
 * `stop()` turns true (a wipe was requested). Resolves with the plan and its duration (ms); the
 * session's end moves what it found first when it is a clean wipe of the same selection
 * (scope.ts `earlierPlanFor`, wipe/execute/early.ts).
 */
import { CATALOG } from '../catalog/index.js';
import { Pacer } from '../wipe/pace.js';
import { planPaced } from '../wipe/plan/planner.js';
import type { Plan, Target } from '../wipe/types.js';
import type { JobContext } from './wipe-job.js';
import { scopeOf } from './scope.js';

/** Short slices: a wipe requested meanwhile waits at most this long for the warm-up to give way. */
export const WARM_SLICE_MS = 2;

/** Thrown at a pause after `stop()` turned true. */
export class WarmUpStopped extends Error {}

class StoppablePacer extends Pacer {
  constructor(private readonly stop: () => boolean) {
    super(WARM_SLICE_MS);
  }

  override async pause(): Promise<void> {
    await super.pause();
    if (this.stop()) throw new WarmUpStopped('a wipe was requested');
  }
}

export async function warmPlan(
  targets: Target[],
  ctx: Pick<JobContext, 'config' | 'platform' | 'stateDir' | 'knownHomes'>,
  stop: () => boolean,
): Promise<{ plan: Plan; ms: number }> {
  if (stop()) throw new WarmUpStopped('a wipe was requested'); // e.g. while the targets were resolved
  const started = performance.now();
  const { selection } = scopeOf(ctx.config, ctx.platform, targets, ctx.stateDir, { mode: 'clean', sessionOpen: true });
  const env = { catalog: CATALOG, ...(ctx.knownHomes ? { knownHomes: ctx.knownHomes } : {}) };
  const plan = await planPaced(selection, env, new StoppablePacer(stop));
  return { plan, ms: performance.now() - started };
}
