/**
 * Report builder: a WipeSummary becomes one report of counts, category ids, duration buckets and
 * error codes, and nothing else. Batches are checked against the protocol's TypeBox schema before
 * they are written or sent: what the schema rejects is never sent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Value } from '../../../protocol/typebox.js';
import { isCategoryId, type CategoryId } from '../../../protocol/categories.js';
import { isErrorCode } from '../../../protocol/error-codes.js';
import {
  MAX_BYTES,
  MAX_COUNT,
  REPORT_PROTOCOL_VERSION,
  REPORT_TRIGGERS,
  Report,
  ReportBatch,
  durationBucket,
  type CategoryTotalsT,
  type DurationHistogramT,
  type FailureEntryT,
  type ReportBatchT,
  type ReportT,
  type ReportTrigger,
} from '../../../protocol/report.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { TabulaError } from '../base/errors.js';

export interface BatchHeader {
  deviceId: string;
  siteId: string;
  agentVersion: string;
  configHash: string;
  pcLabel?: string;
}

/** The UTC hour of `now`: `2025-03-01T14:00:00Z`. */
export function hourBucket(now: number): string {
  const d = new Date(now);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString().replace('.000Z', 'Z');
}

/** SHA-256 of the configuration as canonical JSON (keys sorted), so equal settings hash equal. */
export function configHashOf(config: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(config ?? {})))
    .digest('hex');
}

export function isReportTrigger(value: unknown): value is ReportTrigger {
  return typeof value === 'string' && (REPORT_TRIGGERS as readonly string[]).includes(value);
}

const clampCount = (n: number) => Math.min(MAX_COUNT, Math.max(0, Math.round(n)));
const clampBytes = (n: number) => Math.min(MAX_BYTES, Math.max(0, Math.round(n)));

/**
 * One report for one wipe. Throws E_BAD_REQUEST for a dry run (nothing was wiped). `noBaseline`:
 * the wipe ran on an account without a captured baseline (the dashboard shows the weaker scope).
 */
export function buildReport(summary: WipeSummary, trigger: ReportTrigger, now: number, noBaseline = false): ReportT {
  if (summary.dryRun) throw new TabulaError('E_BAD_REQUEST', 'a dry run is not reported');
  if (!isReportTrigger(trigger)) throw new TabulaError('E_BAD_REQUEST', 'unknown trigger');
  const categories: Partial<Record<CategoryId, CategoryTotalsT>> = {};
  for (const [id, count] of Object.entries(summary.categories)) {
    if (!isCategoryId(id) || !count) continue;
    categories[id] = { items: clampCount(count.items), bytes: clampBytes(count.bytes) };
  }
  const failures = new Map<string, FailureEntryT>();
  for (const f of summary.failures) {
    if (!isCategoryId(f.category) || !isErrorCode(f.code) || f.count < 1) continue;
    const key = `${f.category}/${f.code}`;
    const prev = failures.get(key);
    failures.set(key, { category: f.category, code: f.code, count: clampCount((prev?.count ?? 0) + f.count) });
  }
  const report: ReportT = {
    key: randomUUID(),
    hour: hourBucket(now),
    trigger,
    outcome: summary.outcome,
    wipes: 1,
    categories,
    safeMs: { [durationBucket(summary.safeMs)]: 1 },
    doneMs: { [durationBucket(summary.doneMs)]: 1 },
    failures: summary.outcome === 'clean' ? [] : [...failures.values()],
  };
  if (noBaseline) report.noBaseline = 1;
  if (!Value.Check(Report, report)) throw new TabulaError('E_INTERNAL', 'a built report does not match the schema');
  return report;
}

function addHistogram(into: DurationHistogramT, from: DurationHistogramT): void {
  for (const [k, v] of Object.entries(from) as [keyof DurationHistogramT, number | undefined][]) {
    into[k] = clampCount((into[k] ?? 0) + (v ?? 0));
  }
}

/** Merges reports of one hour, trigger and outcome into one aggregate with a fresh key. */
export function mergeReports(reports: readonly ReportT[]): ReportT {
  const first = reports[0];
  if (!first) throw new TabulaError('E_INTERNAL', 'nothing to merge');
  const out: ReportT = { ...first, key: randomUUID(), wipes: 0, categories: {}, safeMs: {}, doneMs: {}, failures: [] };
  const failures = new Map<string, FailureEntryT>();
  for (const r of reports) {
    if (r.hour !== first.hour || r.trigger !== first.trigger || r.outcome !== first.outcome) {
      throw new TabulaError('E_INTERNAL', 'only reports of one hour, trigger and outcome merge');
    }
    out.wipes = clampCount(out.wipes + r.wipes);
    for (const [id, t] of Object.entries(r.categories) as [CategoryId, CategoryTotalsT | undefined][]) {
      if (!t) continue;
      const prev = out.categories[id];
      out.categories[id] = { items: clampCount((prev?.items ?? 0) + t.items), bytes: clampBytes((prev?.bytes ?? 0) + t.bytes) };
    }
    addHistogram(out.safeMs, r.safeMs);
    addHistogram(out.doneMs, r.doneMs);
    for (const f of r.failures) {
      const key = `${f.category}/${f.code}`;
      failures.set(key, { ...f, count: clampCount((failures.get(key)?.count ?? 0) + f.count) });
    }
  }
  out.failures = [...failures.values()];
  delete out.noBaseline;
  const noBaseline = reports.reduce((n, r) => n + (r.noBaseline ?? 0), 0);
  if (noBaseline > 0) out.noBaseline = clampCount(noBaseline);
  return out;
}

export function isBatchValid(batch: unknown): batch is ReportBatchT {
  return Value.Check(ReportBatch, batch);
}

/** A batch of at most MAX_REPORTS_PER_BATCH reports; E_INTERNAL if the schema rejects it. */
export function buildBatch(header: BatchHeader, reports: ReportT[]): ReportBatchT {
  const batch: ReportBatchT = { v: REPORT_PROTOCOL_VERSION, ...header, reports };
  if (!isBatchValid(batch)) throw new TabulaError('E_INTERNAL', 'a report batch does not match the schema');
  return batch;
}
