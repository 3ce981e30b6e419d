/**
 * The hook every wipe calls: queue its report (when enrolled) and try one flush with a short
 * timeout. Never throws and never delays a wipe's outcome on the dashboard: a down dashboard
 * only leaves the report in the spool for the next flush.
 */
import type { ReportTrigger } from '../../../protocol/report.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import type { EventLog } from '../log/logger.js';
import { codeOf } from '../base/errors.js';
import { buildReport, configHashOf } from './builder.js';
import { readCredential } from './credential.js';
import { pcLabelOf } from './pc-label.js';
import { flush, type FlushResult } from './sender.js';
import { DEFAULT_SPOOL_LIMIT, Spool } from './spool.js';
import { updateStatus } from './status.js';
import { VERSION } from '../base/version.js';

export interface QueueOptions {
  /** The effective configuration (its hash is reported); `{}` when not given. */
  config?: unknown;
  now?: () => number;
  log?: EventLog;
  /** Per-request timeout of the immediate flush (default 3 s). */
  timeoutMs?: number;
  spoolLimit?: number;
  /** Tests: send nothing, only queue. */
  noFlush?: boolean;
  /** The wipe ran on an account without a captured baseline (report field `noBaseline`). */
  noBaseline?: boolean;
}

export interface QueueResult {
  queued: boolean;
  flush?: FlushResult;
}

/** Writes the report of one real wipe to the spool; false when not enrolled or a dry run. */
export function queueReport(stateDir: string, summary: WipeSummary, trigger: ReportTrigger, options: QueueOptions = {}): boolean {
  if (summary.dryRun || !readCredential(stateDir)) return false;
  const now = options.now?.() ?? Date.now();
  const report = buildReport(summary, trigger, now, options.noBaseline === true);
  const spool = new Spool(stateDir, options.spoolLimit ?? DEFAULT_SPOOL_LIMIT);
  const pcLabel = pcLabelOf(options.config);
  const added = spool.add({
    v: 1,
    queuedAt: now,
    urgent: report.outcome !== 'clean',
    agentVersion: VERSION,
    configHash: configHashOf(options.config),
    ...(pcLabel === undefined ? {} : { pcLabel }),
    report,
  });
  if (added.dropped > 0)
    updateStatus(stateDir, (s) => {
      s.dropped += added.dropped;
    });
  options.log?.info('report.queued', { trigger, outcome: report.outcome, merged: added.merged, dropped: added.dropped });
  return true;
}

/**
 * Queues the report of a finished wipe and tries to send: a failure at once (whatever the
 * backoff), successes only once due. For the service: call after each real wipe, with its trigger.
 */
export async function queueAndFlush(
  stateDir: string,
  summary: WipeSummary,
  trigger: ReportTrigger,
  options: QueueOptions = {},
): Promise<QueueResult> {
  let queued = false;
  try {
    queued = queueReport(stateDir, summary, trigger, options);
    if (!queued || options.noFlush) return { queued };
    const urgent = summary.outcome !== 'clean';
    const result = await flush(stateDir, {
      successes: 'due',
      respectBackoff: !urgent,
      timeoutMs: options.timeoutMs ?? 3_000,
      now: options.now,
      log: options.log,
      spoolLimit: options.spoolLimit,
    });
    return { queued, flush: result };
  } catch (error) {
    options.log?.warn('report.error', { code: codeOf(error) });
    return { queued };
  }
}
