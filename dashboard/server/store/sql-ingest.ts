/**
 * Exactly-once ingestion of report batches, several at a time (one flush of the ingest batcher):
 * drop batches of revoked devices, dedupe keys (in memory within the flush, then against
 * report_keys), fold the new reports into hourly rows and daily rollups, update device state.
 */
import type { ReportBatchT, ReportT } from '../../../protocol/report.js';
import { aggregate, latest, type DeviceReports, type UpsertSet } from './aggregate.js';
import { placeholders, type SqlParam, type SqlQueryable } from './sql-db.js';
import type { DeviceRecord, IngestResult } from './store.js';

interface Upsert {
  table: string;
  columns: string[];
  key: string[];
  sum: string[];
  rows: keyof UpsertSet;
}

const UPSERTS: readonly Upsert[] = [
  {
    table: 'hourly_wipes',
    columns: ['device_id', 'hour_utc', 'wipe_trigger', 'outcome', 'wipes', 'site_id'],
    key: ['device_id', 'hour_utc', 'wipe_trigger', 'outcome'],
    sum: ['wipes'],
    rows: 'hourlyWipes',
  },
  {
    table: 'hourly_items',
    columns: ['device_id', 'hour_utc', 'category', 'items', 'bytes', 'site_id'],
    key: ['device_id', 'hour_utc', 'category'],
    sum: ['items', 'bytes'],
    rows: 'hourlyItems',
  },
  {
    table: 'hourly_failures',
    columns: ['device_id', 'hour_utc', 'category', 'code', 'failures', 'site_id'],
    key: ['device_id', 'hour_utc', 'category', 'code'],
    sum: ['failures'],
    rows: 'hourlyFailures',
  },
  {
    table: 'hourly_durations',
    columns: ['device_id', 'hour_utc', 'metric', 'bucket', 'wipes', 'site_id'],
    key: ['device_id', 'hour_utc', 'metric', 'bucket'],
    sum: ['wipes'],
    rows: 'hourlyDurations',
  },
  {
    table: 'daily_site_wipes',
    columns: ['site_id', 'day_utc', 'wipe_trigger', 'outcome', 'wipes'],
    key: ['site_id', 'day_utc', 'wipe_trigger', 'outcome'],
    sum: ['wipes'],
    rows: 'dailySiteWipes',
  },
  {
    table: 'daily_site_items',
    columns: ['site_id', 'day_utc', 'category', 'items', 'bytes'],
    key: ['site_id', 'day_utc', 'category'],
    sum: ['items', 'bytes'],
    rows: 'dailySiteItems',
  },
  {
    table: 'daily_site_failures',
    columns: ['site_id', 'day_utc', 'category', 'code', 'failures'],
    key: ['site_id', 'day_utc', 'category', 'code'],
    sum: ['failures'],
    rows: 'dailySiteFailures',
  },
  {
    table: 'daily_site_durations',
    columns: ['site_id', 'day_utc', 'metric', 'bucket', 'wipes'],
    key: ['site_id', 'day_utc', 'metric', 'bucket'],
    sum: ['wipes'],
    rows: 'dailySiteDurations',
  },
  {
    table: 'daily_device',
    columns: ['device_id', 'day_utc', 'wipes', 'failed_wipes', 'failures', 'site_id'],
    key: ['device_id', 'day_utc'],
    sum: ['wipes', 'failed_wipes', 'failures'],
    rows: 'dailyDevice',
  },
];

/** Rows per statement, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

function upsertSql(u: Upsert, count: number): string {
  const set = u.sum.map((c) => `${c} = ${u.table}.${c} + excluded.${c}`).join(', ');
  return (
    `INSERT INTO ${u.table} (${u.columns.join(', ')}) VALUES ${placeholders(count, u.columns.length)} ` +
    `ON CONFLICT (${u.key.join(', ')}) DO UPDATE SET ${set}`
  );
}

// SET expressions read the row's old values (SQLite and PostgreSQL alike). Parameters: see updateDevice().
const UPDATE_DEVICE = `UPDATE devices SET last_seen_at = ?, agent_version = ?, config_hash = ?, pc_label = COALESCE(?, pc_label),
  last_outcome = CASE
    WHEN last_hour IS NULL OR last_hour < ? THEN ?
    WHEN last_hour = ? AND (last_outcome = 'failed' OR ? = 'failed') THEN 'failed'
    WHEN last_hour = ? AND (last_outcome = 'partial' OR ? = 'partial') THEN 'partial'
    ELSE last_outcome END,
  last_category = CASE WHEN last_hour IS NULL OR last_hour < ? THEN ? WHEN last_hour = ? THEN COALESCE(?, last_category) ELSE last_category END,
  last_code = CASE WHEN last_hour IS NULL OR last_hour < ? THEN ? WHEN last_hour = ? THEN COALESCE(?, last_code) ELSE last_code END,
  fail_streak = CASE WHEN ? = 'clean' AND (last_hour IS NULL OR last_hour < ?) THEN 0 ELSE fail_streak + ? END,
  no_baseline = CASE WHEN last_hour IS NULL OR last_hour < ? THEN ? WHEN last_hour = ? AND ? = 1 THEN 1 ELSE no_baseline END,
  last_hour = CASE WHEN last_hour IS NULL OR last_hour < ? THEN ? ELSE last_hour END
  WHERE id = ?`;

interface Latest {
  hour: string;
  outcome: ReportT['outcome'];
}

/** The main failure (highest count) of the newest reports that were not clean, or nulls. */
function mainFailure(reports: readonly ReportT[], hour: string): { category: string | null; code: string | null } {
  let best: { category: string; code: string; count: number } | null = null;
  for (const r of reports) {
    if (r.hour !== hour || r.outcome === 'clean') continue;
    for (const f of r.failures) if (!best || f.count > best.count) best = { ...f };
  }
  return { category: best?.category ?? null, code: best?.code ?? null };
}

function updateDevice(deviceId: string, d: { now: number; reports: ReportT[]; item: IngestItem }, last: Latest): SqlParam[] {
  const { agentVersion, configHash, pcLabel } = d.item.batch;
  const { hour, outcome } = last;
  const f = mainFailure(d.reports, hour);
  const notClean = d.reports.filter((r) => r.outcome !== 'clean').length;
  const noBaseline = d.reports.some((r) => r.hour === hour && (r.noBaseline ?? 0) > 0) ? 1 : 0;
  return [
    d.now,
    agentVersion,
    configHash,
    pcLabel ?? null,
    hour,
    outcome,
    hour,
    outcome,
    hour,
    outcome,
    hour,
    f.category,
    hour,
    f.category,
    hour,
    f.code,
    hour,
    f.code,
    outcome,
    hour,
    notClean,
    hour,
    noBaseline,
    hour,
    noBaseline,
    hour,
    hour,
    deviceId,
  ];
}

export interface IngestItem {
  device: DeviceRecord;
  batch: ReportBatchT;
  now: number;
}

async function chunked(
  rows: SqlParam[][],
  width: number,
  run: (sql: string, params: SqlParam[]) => Promise<unknown>,
  sql: (n: number) => string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    if (chunk[0]?.length !== width) throw new Error('E_INGEST_ROW');
    await run(sql(chunk.length), chunk.flat());
  }
}

/** Devices among `ids` that exist and are not revoked. */
async function activeDevices(q: SqlQueryable, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = await q.all(`SELECT id FROM devices WHERE revoked_at IS NULL AND id IN (${part.map(() => '?').join(', ')})`, part);
    for (const r of rows) found.add(String(r.id));
  }
  return found;
}

/**
 * Stores the items in the caller's transaction. Resolves to one result per item, in order: null
 * for a device revoked since it was authenticated (nothing of it is stored).
 */
export async function ingestMany(q: SqlQueryable, items: readonly IngestItem[]): Promise<(IngestResult | null)[]> {
  const active = await activeDevices(q, [...new Set(items.map((it) => it.device.id))].sort());
  // The first item of the flush that carries a (device, key) pair owns it; later copies are duplicates.
  const owner = new Map<string, number>();
  const keyRows: SqlParam[][] = [];
  items.forEach((it, index) => {
    if (!active.has(it.device.id)) return;
    for (const r of it.batch.reports) {
      const id = `${it.device.id} ${r.key}`;
      if (owner.has(id)) continue;
      owner.set(id, index);
      keyRows.push([it.device.id, r.key, it.now]);
    }
  });
  const order = (row: SqlParam[]) => `${String(row[0])} ${String(row[1])}`;
  keyRows.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  const fresh = new Set<string>();
  await chunked(
    keyRows,
    3,
    async (sql, params) => {
      for (const row of await q.all<{ device_id: string; report_key: string }>(sql, params))
        fresh.add(`${row.device_id} ${row.report_key}`);
    },
    (n) =>
      `INSERT INTO report_keys (device_id, report_key, received_at) VALUES ${placeholders(n, 3)} ON CONFLICT DO NOTHING RETURNING device_id, report_key`,
  );

  const results: (IngestResult | null)[] = [];
  const byDevice = new Map<string, { siteId: string; reports: ReportT[]; item: IngestItem; now: number }>();
  items.forEach((it, index) => {
    if (!active.has(it.device.id)) return void results.push(null);
    const mine = it.batch.reports.filter((r) => {
      const id = `${it.device.id} ${r.key}`;
      return owner.get(id) === index && fresh.has(id);
    });
    results.push({ accepted: mine.length, duplicates: it.batch.reports.length - mine.length });
    const d = byDevice.get(it.device.id) ?? { siteId: it.device.siteId, reports: [], item: it, now: it.now };
    d.reports.push(...mine);
    d.item = it; // the latest batch names the agent's current version and configuration
    d.now = Math.max(d.now, it.now);
    byDevice.set(it.device.id, d);
  });

  const groups: DeviceReports[] = [...byDevice].map(([deviceId, d]) => ({ deviceId, siteId: d.siteId, reports: d.reports }));
  const set = aggregate(groups);
  for (const u of UPSERTS)
    await chunked(
      set[u.rows],
      u.columns.length,
      (sql, params) => q.run(sql, params),
      (n) => upsertSql(u, n),
    );

  for (const [deviceId, d] of [...byDevice].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const { agentVersion, configHash, pcLabel } = d.item.batch;
    const last = latest(d.reports);
    if (last) await q.run(UPDATE_DEVICE, updateDevice(deviceId, d, last));
    else {
      await q.run(
        'UPDATE devices SET last_seen_at = ?, agent_version = ?, config_hash = ?, pc_label = COALESCE(?, pc_label) WHERE id = ?',
        [d.now, agentVersion, configHash, pcLabel ?? null, deviceId],
      );
    }
  }
  return results;
}
