/**
 * The one wipe job, whichever path runs it (`tabula wipe`, `tabula session end` with or without
 * an agent, the service's logout, idle, schedule, staff and recovery wipes): resolve the targets,
 * scope them (reset where a baseline exists, see scope.ts), build the wipe environment, wipe and
 * verify, run the areas beyond the catalogue, record the outcome in the journal, queue the report
 * (a wipe that could not run, e.g. a missing home, is reported as failed too).
 * Callers only translate their inputs and print or publish the outcome. Counts only, never a path.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../protocol/categories.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { ReportTrigger } from '../../../protocol/report.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { CATALOG } from '../catalog/index.js';
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import type { EventLog } from '../log/logger.js';
import { queueAndFlush } from '../report/queue.js';
import type { Journal, JournalTarget } from '../session/journal.js';
import { browserCloser } from '../wipe/processes/browser-closer.js';
import { codeOf } from '../base/errors.js';
import type { Progress } from '../wipe/execute/executor.js';
import type { Plan, Selection, Target } from '../wipe/types.js';
import { wipe, type WipeEnvironment } from '../wipe/wipe.js';
import { HIVE_FILES, HIVE_WAIT_DEFAULTS, hostLockProbe, waitForHives, type HiveWaitOptions } from '../wipe/fs/hives.js';
import type { FileAccess } from '../wipe/plan/reset-planner.js';
import { runAreas } from './areas.js';
import { addCounts } from '../wipe/execute/tally.js';
import { earlierPlanFor, scopeOf, type ScopeOptions } from './scope.js';

/** Files of these categories are overwritten with zeros first when `overwriteFiles` (or `--overwrite`) is on. */
export const OVERWRITE_CATEGORIES: readonly CategoryId[] = ['downloads', 'desktop', 'documents'];

/** What every job runs with: the effective configuration and the agent's surroundings. */
export interface JobContext {
  config: Config;
  platform: Platform;
  stateDir: string;
  log: EventLog;
  /** Homes that must never be a parent of a root (planner default: /etc/passwd). */
  knownHomes?: readonly string[];
  /** How the planner reads and lock-probes the home's files (tests: a locked file or hive). */
  files?: FileAccess;
  /** The wait for Windows to unload a profile's hives (tests: a fake clock and lock probe). */
  hiveWait?: Partial<HiveWaitOptions>;
}

/** The journal entry a job records its outcome in. */
export interface JobJournal {
  journal: Journal;
  target: JournalTarget;
  /** A session start seen after this wipe began keeps the account dirty. */
  startedAfter?: () => boolean;
}

export interface WipeJob {
  /** Who to wipe; resolved inside the job, so a refused account is journaled like any failure. */
  targets: () => Promise<Target[]>;
  trigger: ReportTrigger;
  dryRun?: boolean;
  scope?: ScopeOptions;
  /** Close the targets' browsers first (default true; never with `closeBrowsers: false` or another OS's layout). */
  closeBrowsers?: boolean;
  /** Overwrite OVERWRITE_CATEGORIES before deleting, also without `overwriteFiles` (`--overwrite`). */
  overwrite?: boolean;
  /** Records the outcome (session ends, service wipes); `tabula wipe` records nothing. */
  journal?: JobJournal;
  onProgress?: (progress: Progress) => void;
  /** When the targets' data became unreachable for the next patron. */
  onSafe?: () => void;
  /** `wait`: the flush is awaited (a CLI process exits right after); `background`: it is not (service). */
  report?: 'wait' | 'background';
  /** The session's last warm-up plan: moved first when this is a clean wipe of the same selection (scope.ts `earlierPlanFor`). */
  earlier?: Plan;
}

export interface JobOutcome {
  summary: WipeSummary;
  /** Targets without a captured baseline (their wipe was the catalogue wipe). */
  withoutBaseline: number;
  selection: Selection;
}

/** Runs the job; a thrown error (refused account, missing root) is journaled, then rethrown. */
export async function runWipeJob(job: WipeJob, ctx: JobContext): Promise<JobOutcome> {
  const dryRun = job.dryRun === true;
  let outcome: JobOutcome;
  try {
    const { selection, withoutBaseline } = scopeOf(ctx.config, ctx.platform, await job.targets(), ctx.stateDir, job.scope);
    const closing = job.closeBrowsers !== false && ctx.config.closeBrowsers !== false && selection.platform === process.platform;
    const env: WipeEnvironment = { catalog: CATALOG, log: ctx.log, browsers: closing ? browserCloser(selection) : undefined };
    if (ctx.knownHomes) env.knownHomes = ctx.knownHomes;
    if (ctx.files) env.files = ctx.files;
    const earlier = earlierPlanFor(job.earlier, selection); // wipe() moves nothing early in a dry run
    const options = {
      dryRun,
      onProgress: job.onProgress,
      overwrite: job.overwrite || ctx.config.overwriteFiles ? OVERWRITE_CATEGORIES : undefined,
    };
    let summary = await wipe(selection, earlier ? { ...env, earlier } : env, { ...options, onSafe: job.onSafe });
    if (!dryRun) {
      summary = await afterHivesUnload(
        summary,
        selection,
        ctx,
        () => wipe(selection, { ...env, browsers: undefined }, options),
        () => job.journal?.startedAfter?.() === true,
      );
    }
    await runAreas(summary, { selection, dryRun, log: ctx.log });
    outcome = { summary, withoutBaseline, selection };
  } catch (error) {
    const code = codeOf(error);
    if (!dryRun && job.journal) journalFailure(job.journal, code);
    // A wipe that could not run is a failed wipe for the dashboard too (staff must act); a refusal is not a wipe.
    if (!dryRun && !NOT_A_WIPE.includes(code)) {
      const reported = queueAndFlush(ctx.stateDir, failedSummary(code), job.trigger, { config: ctx.config, log: ctx.log });
      if (job.report === 'wait') await reported;
    }
    throw error;
  }
  if (dryRun) return outcome;
  if (job.journal) {
    const { journal, target, startedAfter } = job.journal;
    const clean = journal.recordWipe(target, outcome.summary);
    if (clean && startedAfter?.()) journal.markDirty(target);
  }
  // Counts only, to the dashboard when enrolled; never throws.
  const reported = queueAndFlush(ctx.stateDir, outcome.summary, job.trigger, {
    config: ctx.config,
    log: ctx.log,
    noBaseline: outcome.withoutBaseline > 0,
  });
  if (job.report === 'wait') await reported;
  return outcome;
}

/**
 * Windows reset: a hive still loaded was left by the first pass (E_HIVE_LOADED; everything else
 * is reset and unreachable already). Wait for the User Profile Service to unload it (bounded
 * back-off, HIVE_WAIT_DEFAULTS; `TABULA_HIVE_WAIT_MS` shortens the budget), then run the reset
 * again: it finds only what the first pass could not do, the hives above all. Still locked after
 * the wait, the first pass's partial summary stands and service/retry.ts runs the wipe later.
 * A session of the account started meanwhile (`sessionStarted`) cancels the second pass: it would
 * take the new patron's files; that session's end resets the account.
 */
async function afterHivesUnload(
  first: WipeSummary,
  selection: Selection,
  ctx: JobContext,
  again: () => Promise<WipeSummary>,
  sessionStarted: () => boolean,
): Promise<WipeSummary> {
  if (!first.failures.some((f) => f.code === 'E_HIVE_LOADED') || sessionStarted()) return first;
  const homes = selection.targets.filter((t) => (t.mode ?? selection.mode) === 'reset').map((t) => t.home);
  const files = homes.flatMap((home) => HIVE_FILES.map((segments) => path.join(home, ...segments)));
  const budget = Number(process.env.TABULA_HIVE_WAIT_MS);
  const wait: HiveWaitOptions = {
    ...HIVE_WAIT_DEFAULTS,
    locked: ctx.files?.locked ?? hostLockProbe,
    ...(Number.isFinite(budget) && budget >= 0 ? { budgetMs: budget } : {}),
    ...ctx.hiveWait,
  };
  const waited = await waitForHives(files, wait);
  ctx.log.info('wipe.hives', { free: waited.free, waitedMs: waited.waitedMs, probes: waited.probes });
  if (!waited.free || sessionStarted()) return first;
  try {
    return mergePasses(first, await again(), waited.waitedMs);
  } catch (error) {
    ctx.log.info('wipe.hives-pass-failed', { code: codeOf(error) });
    return first; // the first pass's partial outcome stands; the retry runs the wipe again
  }
}

/**
 * One summary of a reset run in two passes: counts of both; failures, remaining and verification
 * of the second (it re-planned and verified the whole scope after the first); safeMs of the first.
 */
export function mergePasses(first: WipeSummary, second: WipeSummary, waitedMs: number): WipeSummary {
  const categories: WipeSummary['categories'] = {};
  addCounts(categories, first.categories);
  addCounts(categories, second.categories);
  const failures = [...second.failures, ...first.failures.filter((f) => f.code === 'E_BROWSER_RUNNING')];
  const outcome = failures.length === 0 && second.remaining === 0 ? 'clean' : Object.keys(categories).length > 0 ? 'partial' : 'failed';
  return {
    ...second,
    categories,
    failures,
    outcome,
    safeMs: first.safeMs,
    doneMs: first.doneMs + waitedMs + second.doneMs,
    browsersClosed: first.browsersClosed,
  };
}

/** Errors that mean no wipe was asked for: a usage mistake, or an account refused as a patron (nothing touched). */
const NOT_A_WIPE: readonly ErrorCode[] = ['E_USAGE', 'E_CONFIG', 'E_BAD_REQUEST', 'E_NOT_PATRON', 'E_ACCOUNT_REFUSED', 'E_ACCOUNT_UNKNOWN'];

/** The summary of a wipe that could not run (missing or refused root, missing baseline): failed, with its code under `sessions`. */
function failedSummary(code: ErrorCode): WipeSummary {
  return {
    mode: 'clean',
    dryRun: false,
    outcome: 'failed',
    categories: {},
    failures: [{ category: 'sessions', code, count: 1 }],
    safeMs: 0,
    doneMs: 0,
    browsersClosed: 0,
    remaining: 0,
  };
}

/** A wipe that did not run: the account stays dirty with the code (a vanished explicit home is forgotten). */
function journalFailure({ journal, target }: JobJournal, code: ErrorCode): void {
  const entry = journal.entry(target);
  if (target.kind === 'roots' && code === 'E_ROOT_MISSING' && entry && !existsSync(target.home)) journal.forget(journal.keyOf(target));
  else if (entry || (code !== 'E_ACCOUNT_REFUSED' && code !== 'E_ACCOUNT_UNKNOWN')) journal.recordWipe(target, undefined, code);
}
