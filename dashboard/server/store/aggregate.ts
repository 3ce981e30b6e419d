/**
 * Folds the new reports of one batch into the rows to upsert: hourly rows per device and daily
 * rollups per site and per device. Keys are sorted so concurrent transactions lock rows in the
 * same order (no deadlock between two devices of one site on PostgreSQL).
 */
import type { ReportOutcome, ReportT } from '../../../protocol/report.js';
import type { SqlParam } from './sql-db.js';

export interface UpsertSet {
  /** Rows as parameter lists, in the column order of the matching statement. */
  hourlyWipes: SqlParam[][];
  hourlyItems: SqlParam[][];
  hourlyFailures: SqlParam[][];
  hourlyDurations: SqlParam[][];
  dailySiteWipes: SqlParam[][];
  dailySiteItems: SqlParam[][];
  dailySiteFailures: SqlParam[][];
  dailySiteDurations: SqlParam[][];
  dailyDevice: SqlParam[][];
}

const SEP = '\u0000';

function add(map: Map<string, number[]>, key: string, values: number[]): void {
  const current = map.get(key);
  if (!current) map.set(key, [...values]);
  else values.forEach((v, i) => (current[i] = (current[i] ?? 0) + v));
}

function rows(map: Map<string, number[]>, prefix: SqlParam[]): SqlParam[][] {
  return [...map.keys()].sort().map((key) => [...prefix, ...key.split(SEP), ...(map.get(key) ?? [])]);
}

export function aggregate(deviceId: string, siteId: string, reports: readonly ReportT[]): UpsertSet {
  const hw = new Map<string, number[]>(), hi = new Map<string, number[]>();
  const hf = new Map<string, number[]>(), hd = new Map<string, number[]>();
  const dw = new Map<string, number[]>(), di = new Map<string, number[]>();
  const df = new Map<string, number[]>(), dd = new Map<string, number[]>();
  const dev = new Map<string, number[]>();
  for (const r of reports) {
    const day = r.hour.slice(0, 10);
    add(hw, [r.hour, r.trigger, r.outcome].join(SEP), [r.wipes]);
    add(dw, [day, r.trigger, r.outcome].join(SEP), [r.wipes]);
    for (const [category, totals] of Object.entries(r.categories)) {
      if (!totals) continue;
      add(hi, [r.hour, category].join(SEP), [totals.items, totals.bytes]);
      add(di, [day, category].join(SEP), [totals.items, totals.bytes]);
    }
    let failures = 0;
    for (const f of r.failures) {
      failures += f.count;
      add(hf, [r.hour, f.category, f.code].join(SEP), [f.count]);
      add(df, [day, f.category, f.code].join(SEP), [f.count]);
    }
    for (const [metric, histogram] of [['safe', r.safeMs], ['done', r.doneMs]] as const) {
      for (const [bucket, count] of Object.entries(histogram)) {
        if (!count) continue;
        add(hd, [r.hour, metric, bucket].join(SEP), [count]);
        add(dd, [day, metric, bucket].join(SEP), [count]);
      }
    }
    add(dev, day, [r.wipes, r.outcome === 'clean' ? 0 : r.wipes, failures]);
  }
  // Column orders: see the INSERT statements in sql-ingest.ts.
  const withSite = (list: SqlParam[][]) => list.map((row) => [...row, siteId]);
  return {
    hourlyWipes: withSite(rows(hw, [deviceId])),
    hourlyItems: withSite(rows(hi, [deviceId])),
    hourlyFailures: withSite(rows(hf, [deviceId])),
    hourlyDurations: withSite(rows(hd, [deviceId])),
    dailySiteWipes: rows(dw, [siteId]),
    dailySiteItems: rows(di, [siteId]),
    dailySiteFailures: rows(df, [siteId]),
    dailySiteDurations: rows(dd, [siteId]),
    dailyDevice: withSite(rows(dev, [deviceId])),
  };
}

const SEVERITY: Record<ReportOutcome, number> = { clean: 0, partial: 1, failed: 2 };

export function worse(a: ReportOutcome, b: ReportOutcome): ReportOutcome {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** The newest hour among the reports and the worst outcome in that hour. */
export function latest(reports: readonly ReportT[]): { hour: string; outcome: ReportOutcome } | null {
  let best: { hour: string; outcome: ReportOutcome } | null = null;
  for (const r of reports) {
    if (!best || r.hour > best.hour) best = { hour: r.hour, outcome: r.outcome };
    else if (r.hour === best.hour) best = { hour: r.hour, outcome: worse(best.outcome, r.outcome) };
  }
  return best;
}
