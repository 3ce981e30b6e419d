/**
 * The sender: spooled reports → batches → `POST /api/v1/reports` with the device credential.
 * Failures go first and always; successes when due (their hour is over or they waited maxWaitMs)
 * or when asked for all. A report leaves the spool only after a 2xx. Retries (network, 429, 5xx)
 * back off with jitter and keep every key; 400/413/422 are split down to the one poison report,
 * which is dropped and counted (its code logged, nothing else); 401/403 stop until re-enrollment.
 */
import type { ErrorCode } from '../../../protocol/error-codes.js';
import { API_ERRORS, type ApiErrorCode } from '../../../protocol/report-api.js';
import { MAX_REPORTS_PER_BATCH } from '../../../protocol/report.js';
import type { EventLog } from '../log/logger.js';
import { TabulaError } from '../base/errors.js';
import { backoffMs } from './backoff.js';
import { buildBatch, hourBucket, isBatchValid, type BatchHeader } from './builder.js';
import { readCredential, type StoredCredentialT } from './credential.js';
import { endpoint, networkCode, postJson } from './http.js';
import { tryLock } from './lock.js';
import { DEFAULT_SPOOL_LIMIT, Spool, type SpoolEntry } from './spool.js';
import { updateStatus, readStatus } from './status.js';

export interface FlushOptions {
  /** 'all' sends every report now (`tabula report flush`); 'due' holds successes until due. */
  successes?: 'all' | 'due' | 'none';
  /** Skip the attempt while the backoff from earlier failures runs (automatic flushes). */
  respectBackoff?: boolean;
  /** A success is due once its hour is over or it has waited this long (default 1 h). */
  maxWaitMs?: number;
  timeoutMs?: number;
  now?: () => number;
  random?: () => number;
  log?: EventLog;
  spoolLimit?: number;
}

export interface FlushResult {
  ok: boolean;
  /** Reports the dashboard confirmed (stored now or already stored). */
  sent: number;
  duplicates: number;
  dropped: number;
  /** Reports still in the spool. */
  queued: number;
  /** Why sending stopped early: 'busy' (another flush), 'backoff', or an error code. */
  stopped?: 'busy' | 'backoff' | ErrorCode;
}

type SendOutcome =
  { kind: 'ok'; duplicates: number } | { kind: 'drop'; code: string } | { kind: 'stop'; code: ErrorCode; apiCode?: string };

const DROP = new Set([400, 413, 422]);

async function send(cred: StoredCredentialT, header: BatchHeader, entries: SpoolEntry[], timeoutMs: number): Promise<SendOutcome> {
  const batch = { v: 1, ...header, reports: entries.map((e) => e.report) };
  if (!isBatchValid(batch)) return { kind: 'drop', code: 'E_SCHEMA' }; // never send what the schema rejects
  try {
    const answer = await postJson(endpoint(cred.dashboard, '/api/v1/reports'), buildBatch(header, batch.reports), {
      bearer: cred.credential,
      caFile: cred.ca,
      timeoutMs,
    });
    const body = answer.body as { code?: unknown; duplicates?: unknown } | undefined;
    const apiCode = typeof body?.code === 'string' && Object.hasOwn(API_ERRORS, body.code) ? (body.code as ApiErrorCode) : undefined;
    if (answer.status >= 200 && answer.status < 300) {
      return { kind: 'ok', duplicates: typeof body?.duplicates === 'number' ? body.duplicates : 0 };
    }
    if (DROP.has(answer.status)) return { kind: 'drop', code: apiCode ?? `HTTP_${answer.status}` };
    if (answer.status === 401 || answer.status === 403) return { kind: 'stop', code: 'E_ENROLL_REJECTED', apiCode };
    if (answer.status === 429 || answer.status >= 500) return { kind: 'stop', code: 'E_DASHBOARD_UNREACHABLE', apiCode };
    return { kind: 'stop', code: 'E_DASHBOARD_ERROR', apiCode };
  } catch (error) {
    return { kind: 'stop', code: networkCode(error) };
  }
}

function batchesOf(entries: SpoolEntry[]): SpoolEntry[][] {
  const out: SpoolEntry[][] = [];
  let current: SpoolEntry[] = [];
  const same = (a: SpoolEntry, b: SpoolEntry) =>
    a.configHash === b.configHash && a.agentVersion === b.agentVersion && a.pcLabel === b.pcLabel;
  for (const e of entries) {
    if (current.length >= MAX_REPORTS_PER_BATCH || (current[0] && !same(current[0], e))) {
      out.push(current);
      current = [];
    }
    current.push(e);
  }
  if (current.length) out.push(current);
  return out;
}

/** Sends what is due. Throws E_NOT_ENROLLED when there is no credential; otherwise never throws for network trouble. */
export async function flush(stateDir: string, options: FlushOptions = {}): Promise<FlushResult> {
  const cred = readCredential(stateDir);
  if (!cred) throw new TabulaError('E_NOT_ENROLLED');
  const now = options.now ?? Date.now;
  const spool = new Spool(stateDir, options.spoolLimit ?? DEFAULT_SPOOL_LIMIT);
  const result: FlushResult = { ok: true, sent: 0, duplicates: 0, dropped: 0, queued: 0 };
  const unlock = tryLock(stateDir);
  if (!unlock) return { ...result, queued: spool.count(), stopped: 'busy' };
  try {
    if (options.respectBackoff && now() < readStatus(stateDir).nextAttemptAt)
      return { ...result, queued: spool.count(), stopped: 'backoff' };
    const mode = options.successes ?? 'due';
    const currentHour = hourBucket(now());
    const maxWait = options.maxWaitMs ?? 3_600_000;
    const due = (e: SpoolEntry) => mode === 'all' || (mode === 'due' && (e.report.hour < currentHour || now() - e.queuedAt >= maxWait));
    spool.aggregate(due);
    const { entries, invalid } = spool.load();
    result.dropped += invalid;
    const chosen = [...entries.filter((e) => e.urgent), ...entries.filter((e) => !e.urgent && due(e))];
    const pending = batchesOf(chosen);
    while (pending.length > 0) {
      const batch = pending.shift() as SpoolEntry[];
      const first = batch[0] as SpoolEntry;
      const header: BatchHeader = {
        deviceId: cred.deviceId,
        siteId: cred.siteId,
        agentVersion: first.agentVersion,
        configHash: first.configHash,
        ...(first.pcLabel === undefined ? {} : { pcLabel: first.pcLabel }),
      };
      spool.markAttempted(batch.map((e) => e.name));
      const outcome = await send(cred, header, batch, options.timeoutMs ?? 15_000);
      if (outcome.kind === 'ok') {
        spool.remove(batch.map((e) => e.name));
        result.sent += batch.length;
        result.duplicates += outcome.duplicates;
        updateStatus(stateDir, (s) => {
          s.lastDeliveryAt = new Date(now()).toISOString();
          s.lastAttemptAt = s.lastDeliveryAt;
          s.failedAttempts = 0;
          s.nextAttemptAt = 0;
          s.lastErrorCode = null;
          s.delivered += batch.length;
        });
      } else if (outcome.kind === 'drop' && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        pending.unshift(batch.slice(0, half), batch.slice(half)); // find the poison report
      } else if (outcome.kind === 'drop') {
        spool.remove(batch.map((e) => e.name));
        result.dropped += 1;
        options.log?.warn('report.dropped', { code: outcome.code });
      } else {
        const status = updateStatus(stateDir, (s) => {
          s.lastAttemptAt = new Date(now()).toISOString();
          s.failedAttempts += 1;
          s.nextAttemptAt = now() + backoffMs(s.failedAttempts, options.random);
          s.lastErrorCode = outcome.apiCode ?? outcome.code;
        });
        options.log?.warn('report.retry', { code: outcome.code, api: outcome.apiCode, attempts: status.failedAttempts });
        result.ok = false;
        result.stopped = outcome.code;
        break;
      }
    }
    if (result.dropped > 0) {
      const dropped = result.dropped;
      updateStatus(stateDir, (s) => {
        s.dropped += dropped;
      });
    }
    result.queued = spool.count();
    if (result.sent > 0) options.log?.info('report.sent', { reports: result.sent, duplicates: result.duplicates, queued: result.queued });
    return result;
  } finally {
    unlock();
  }
}
