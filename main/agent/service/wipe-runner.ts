/**
 * One wipe of one target, as the service runs it: resolve and vet the account (or take the
 * explicit roots), build the Selection the same way as the CLI, wipe, verify, and record the
 * outcome in the journal. Logs carry counts and codes only.
 */
import { existsSync } from 'node:fs';
import type { WipeProgressInfo, WipeResult, WipeTrigger } from '../../../protocol/ipc.js';
import { CATALOG } from '../catalog/index.js';
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import { selectionOfTargets, tempRootsOf, type AccountTargetResolver } from '../config/targets.js';
import type { EventLog } from '../log/logger.js';
import type { Journal, JournalTarget } from '../session/journal.js';
import { browserCloser } from '../wipe/browser-closer.js';
import { codeOf, TabulaError } from '../wipe/errors.js';
import { recoveryHomeProblem } from '../wipe/home-root.js';
import type { Target } from '../wipe/types.js';
import { wipe, type WipeEnvironment } from '../wipe/wipe.js';
import { queueAndFlush } from '../report/queue.js';
import { failedResult, resultOf } from './results.js';
import type { RetryScheduler } from './retry.js';

export const OVERWRITE_CATEGORIES = ['downloads', 'desktop', 'documents'] as const;

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
}

async function targetOf(job: WipeJob, ctx: WipeRunnerContext, config: Config): Promise<Target> {
  if (job.target.kind === 'roots') {
    // A stored home (journal, retries) is never trusted to name a staff or system home (home-root.ts).
    const problem = job.trigger === 'recovery' && process.platform !== 'win32' ? recoveryHomeProblem(job.target.home, config.accounts ?? []) : undefined;
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
  try {
    const target = await targetOf(job, ctx, config);
    const selection = selectionOfTargets(config, ctx.platform, [target], ctx.stateDir);
    const closing = config.closeBrowsers !== false && ctx.platform === process.platform;
    const env: WipeEnvironment = { catalog: CATALOG, log: ctx.log, closeBrowsers: closing ? browserCloser(selection) : undefined };
    if (ctx.knownHomes) env.knownHomes = ctx.knownHomes;
    let lastEmit = 0;
    const summary = await wipe(selection, env, {
      dryRun: false,
      overwrite: config.overwriteFiles ? OVERWRITE_CATEGORIES : undefined,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastEmit < 100 && p.done < p.total) return;
        lastEmit = now;
        progress(p.phase, p.done, p.total);
      },
      onSafe: () => ctx.onSafe?.(performance.now()),
    });
    progress('verifying', summary.remaining, summary.remaining);
    const clean = ctx.journal.recordWipe(job.target, summary);
    if (clean && job.startedAfter()) ctx.journal.markDirty(job.target);
    result = resultOf(summary, job.trigger, performance.now() - job.signalAt);
    // Counts only, to the dashboard when enrolled; never throws, never delays the next wipe much.
    void queueAndFlush(ctx.stateDir, summary, job.trigger, { config, log: ctx.log });
  } catch (error) {
    const code = codeOf(error);
    const entry = ctx.journal.entry(job.target);
    if (job.target.kind === 'roots' && code === 'E_ROOT_MISSING' && entry && !existsSync(job.target.home)) ctx.journal.forget(ctx.journal.keyOf(job.target));
    else if (entry || (code !== 'E_ACCOUNT_REFUSED' && code !== 'E_ACCOUNT_UNKNOWN')) ctx.journal.recordWipe(job.target, undefined, code);
    result = failedResult(job.trigger, code, performance.now() - job.signalAt);
  }
  // Left dirty by this wipe's own failure (not refused, no session started meanwhile): retry later.
  const failedDirty = result.outcome !== 'refused' && !job.startedAfter() && ctx.journal.isDirty(job.target);
  ctx.retries?.afterWipe(ctx.journal.keyOf(job.target), job.target, failedDirty);
  ctx.log.info('session.wiped', {
    trigger: job.trigger, kind: job.target.kind, outcome: result.outcome, items: result.items, bytes: result.bytes,
    safeMs: result.safeMs, doneMs: result.doneMs, totalMs: result.totalMs, remaining: result.remaining, code: result.code,
  });
  return result;
}
