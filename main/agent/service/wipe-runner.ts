/**
 * One wipe of one target, as the service runs it: the wipe job (job/wipe-job.ts) on the account
 * (resolved and vetted) or the explicit roots, with progress for the app, the result for status,
 * and a retry when the wipe left its target dirty. Logs carry counts and codes only.
 */
import type { WipeProgressInfo, WipeResult, WipeTrigger } from '../../../protocol/ipc.js';
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import { tempRootsOf, type AccountTargetResolver } from '../config/targets.js';
import type { EventLog } from '../log/logger.js';
import type { Journal, JournalTarget } from '../session/journal.js';
import { codeOf, TabulaError } from '../base/errors.js';
import { recoveryHomeProblem } from '../wipe/plan/home-root.js';
import type { Plan, Target } from '../wipe/types.js';
import { runWipeJob } from '../job/wipe-job.js';
import { failedResult, resultOf } from './results.js';
import type { RetryScheduler } from './retry.js';

export interface WipeRunnerContext {
  config: () => Config;
  platform: Platform;
  stateDir: string;
  journal: Journal;
  log: EventLog;
  resolveAccount: AccountTargetResolver;
  /** Homes that must never be a parent of a root (planner default: /etc/passwd). */
  knownHomes?: readonly string[];
  onProgress: (progress: WipeProgressInfo) => void;
  /** Performance-clock time at which the target's data became unreachable (bench and tests). */
  onSafe?: (at: number) => void;
  /** Retries of wipes that leave their target dirty (retry.ts). */
  retries?: RetryScheduler;
}

export interface WipeJob {
  target: JournalTarget;
  trigger: WipeTrigger;
  /** performance.now() of the session-end signal. */
  signalAt: number;
  /** A session start seen after this wipe began keeps the account dirty. */
  startedAfter: () => boolean;
  /** The patron's session is still open (staff "Wipe now"): a catalogue wipe in auto mode (job/scope.ts). */
  sessionOpen?: boolean;
  /** The session's last warm-up plan (agent.ts): its items are moved first where it still applies (job/scope.ts `earlierPlanFor`). */
  earlier?: Plan;
}

async function targetOf(job: WipeJob, ctx: WipeRunnerContext, config: Config): Promise<Target> {
  if (job.target.kind === 'roots') {
    // A stored home (journal, retries) is never trusted to name a staff or system home (home-root.ts).
    const problem =
      job.trigger === 'recovery' && process.platform !== 'win32' ? recoveryHomeProblem(job.target.home, config.accounts ?? []) : undefined;
    if (problem) throw new TabulaError('E_ROOT_REFUSED', problem);
    return { home: job.target.home, tempRoots: job.target.temp };
  }
  return ctx.resolveAccount(job.target.name, tempRootsOf(config, ctx.platform));
}

export async function runWipe(job: WipeJob, ctx: WipeRunnerContext, queued: () => number): Promise<WipeResult> {
  const config = ctx.config();
  const progress = (phase: WipeProgressInfo['phase'], done: number, total: number) =>
    ctx.onProgress({ trigger: job.trigger, phase, done, total, queued: queued() });
  progress('planning', 0, 0);
  let result: WipeResult;
  let lastEmit = 0;
  try {
    const { summary } = await runWipeJob(
      {
        targets: async () => [await targetOf(job, ctx, config)],
        trigger: job.trigger,
        scope: { sessionOpen: job.sessionOpen === true },
        journal: { journal: ctx.journal, target: job.target, startedAfter: job.startedAfter },
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastEmit < 100 && p.done < p.total) return;
          lastEmit = now;
          progress(p.phase, p.done, p.total);
        },
        onSafe: () => ctx.onSafe?.(performance.now()),
        report: 'background', // never delays the next wipe much
        ...(job.earlier ? { earlier: job.earlier } : {}),
      },
      { config, platform: ctx.platform, stateDir: ctx.stateDir, log: ctx.log, knownHomes: ctx.knownHomes },
    );
    progress('verifying', summary.remaining, summary.remaining);
    result = resultOf(summary, job.trigger, performance.now() - job.signalAt);
  } catch (error) {
    result = failedResult(job.trigger, codeOf(error), performance.now() - job.signalAt);
  }
  // Left dirty by this wipe's own failure (not refused, no session started meanwhile): retry later.
  const failedDirty = result.outcome !== 'refused' && !job.startedAfter() && ctx.journal.isDirty(job.target);
  ctx.retries?.afterWipe(ctx.journal.keyOf(job.target), job.target, failedDirty);
  ctx.log.info('session.wiped', {
    trigger: job.trigger,
    kind: job.target.kind,
    outcome: result.outcome,
    items: result.items,
    bytes: result.bytes,
    safeMs: result.safeMs,
    doneMs: result.doneMs,
    totalMs: result.totalMs,
    remaining: result.remaining,
    code: result.code,
  });
  return result;
}
