/**
 * Folds the new reports of one or more batches (one flush of the ingest batcher, possibly from
 * many devices) into the rows to upsert: hourly rows per device and daily rollups per site and
 * per device. Rows that share a key are summed first, so a site's daily rows are written once per
 * flush however many of its PCs reported. Keys are sorted so concurrent transactions lock rows in
 * the same order (no deadlock between two app nodes on PostgreSQL).
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

/** The new reports of one device. */
export interface DeviceReports {
  deviceId: string;
  siteId: string;
  reports: readonly ReportT[];
}

const SEP = '\u0000';

function add(map: Map<string, number[]>, key: string, values: number[]): void {
  const current = map.get(key);
  if (!current) map.set(key, [...values]);
  else values.forEach((v, i) => (current[i] = (current[i] ?? 0) + v));
}

/** Sorted rows: the key's parts, the summed values, then `suffix(key)` (the site of a device row). */
function rows(map: Map<string, number[]>, suffix?: (deviceId: string) => SqlParam): SqlParam[][] {
  return [...map.keys()].sort().map((key) => {
    const parts: SqlParam[] = key.split(SEP);
    const row = [...parts, ...(map.get(key) ?? [])];
    return suffix ? [...row, suffix(String(parts[0]))] : row;
  });
}

export function aggregate(groups: readonly DeviceReports[]): UpsertSet {
  const hw = new Map<string, number[]>(),
    hi = new Map<string, number[]>();
  const hf = new Map<string, number[]>(),
    hd = new Map<string, number[]>();
  const dw = new Map<string, number[]>(),
    di = new Map<string, number[]>();
  const df = new Map<string, number[]>(),
    dd = new Map<string, number[]>();
  const dev = new Map<string, number[]>();
  const siteOf = new Map<string, string>();
  for (const { deviceId: d, siteId: s, reports } of groups) {
    siteOf.set(d, s);
    for (const r of reports) {
      const day = r.hour.slice(0, 10);
      add(hw, [d, r.hour, r.trigger, r.outcome].join(SEP), [r.wipes]);
      add(dw, [s, day, r.trigger, r.outcome].join(SEP), [r.wipes]);
      for (const [category, totals] of Object.entries(r.categories)) {
        if (!totals) continue;
        add(hi, [d, r.hour, category].join(SEP), [totals.items, totals.bytes]);
        add(di, [s, day, category].join(SEP), [totals.items, totals.bytes]);
      }
      let failures = 0;
      for (const f of r.failures) {
        failures += f.count;
        add(hf, [d, r.hour, f.category, f.code].join(SEP), [f.count]);
        add(df, [s, day, f.category, f.code].join(SEP), [f.count]);
      }
      for (const [metric, histogram] of [
        ['safe', r.safeMs],
        ['done', r.doneMs],
      ] as const) {
        for (const [bucket, count] of Object.entries(histogram)) {
          if (!count) continue;
          add(hd, [d, r.hour, metric, bucket].join(SEP), [count]);
          add(dd, [s, day, metric, bucket].join(SEP), [count]);
        }
      }
      add(dev, [d, day].join(SEP), [r.wipes, r.outcome === 'clean' ? 0 : r.wipes, failures]);
    }
  }
  // Column orders: see the INSERT statements in sql-ingest.ts.
  const site = (deviceId: string) => siteOf.get(deviceId) ?? null;
  return {
    hourlyWipes: rows(hw, site),
    hourlyItems: rows(hi, site),
    hourlyFailures: rows(hf, site),
    hourlyDurations: rows(hd, site),
    dailySiteWipes: rows(dw),
    dailySiteItems: rows(di),
    dailySiteFailures: rows(df),
    dailySiteDurations: rows(dd),
    dailyDevice: rows(dev, site),
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
