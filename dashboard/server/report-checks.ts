/**
 * What the schema cannot say about a batch: unique keys, histograms adding up to `wipes`,
 * unique failure pairs, no failures in a clean report, and real hours not in the future.
 */
import type { ReportBatchT, ReportT } from '../../protocol/report.js';

const HOUR_MS = 3_600_000;
/** Agents' clocks drift; an hour of slack. */
const FUTURE_SLACK_MS = 2 * HOUR_MS;

function sum(histogram: Record<string, number | undefined>): number {
  return Object.values(histogram).reduce<number>((a, b) => a + (b ?? 0), 0);
}

function hourOk(hour: string, now: number): boolean {
  const ms = Date.parse(hour);
  return Number.isFinite(ms) && new Date(ms).toISOString().replace('.000Z', 'Z') === hour && ms <= now + FUTURE_SLACK_MS;
}

function reportOk(r: ReportT, now: number): boolean {
  if (!hourOk(r.hour, now)) return false;
  if (sum(r.safeMs) !== r.wipes || sum(r.doneMs) !== r.wipes) return false;
  const pairs = new Set(r.failures.map((f) => `${f.category}/${f.code}`));
  if (pairs.size !== r.failures.length) return false;
  if (r.outcome === 'clean' && r.failures.length > 0) return false;
  return true;
}

export function batchConsistent(batch: ReportBatchT, now: number): boolean {
  const keys = new Set(batch.reports.map((r) => r.key));
  return keys.size === batch.reports.length && batch.reports.every((r) => reportOk(r, now));
}
