/** Exactly-once ingestion of a report batch: dedupe keys, hourly rows, daily rollups, device state. */
import type { ReportBatchT } from '../../../protocol/report.js';
import { aggregate, latest, type UpsertSet } from './aggregate.js';
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
  { table: 'hourly_wipes', columns: ['device_id', 'hour_utc', 'wipe_trigger', 'outcome', 'wipes', 'site_id'], key: ['device_id', 'hour_utc', 'wipe_trigger', 'outcome'], sum: ['wipes'], rows: 'hourlyWipes' },
  { table: 'hourly_items', columns: ['device_id', 'hour_utc', 'category', 'items', 'bytes', 'site_id'], key: ['device_id', 'hour_utc', 'category'], sum: ['items', 'bytes'], rows: 'hourlyItems' },
  { table: 'hourly_failures', columns: ['device_id', 'hour_utc', 'category', 'code', 'failures', 'site_id'], key: ['device_id', 'hour_utc', 'category', 'code'], sum: ['failures'], rows: 'hourlyFailures' },
  { table: 'hourly_durations', columns: ['device_id', 'hour_utc', 'metric', 'bucket', 'wipes', 'site_id'], key: ['device_id', 'hour_utc', 'metric', 'bucket'], sum: ['wipes'], rows: 'hourlyDurations' },
  { table: 'daily_site_wipes', columns: ['site_id', 'day_utc', 'wipe_trigger', 'outcome', 'wipes'], key: ['site_id', 'day_utc', 'wipe_trigger', 'outcome'], sum: ['wipes'], rows: 'dailySiteWipes' },
  { table: 'daily_site_items', columns: ['site_id', 'day_utc', 'category', 'items', 'bytes'], key: ['site_id', 'day_utc', 'category'], sum: ['items', 'bytes'], rows: 'dailySiteItems' },
  { table: 'daily_site_failures', columns: ['site_id', 'day_utc', 'category', 'code', 'failures'], key: ['site_id', 'day_utc', 'category', 'code'], sum: ['failures'], rows: 'dailySiteFailures' },
  { table: 'daily_site_durations', columns: ['site_id', 'day_utc', 'metric', 'bucket', 'wipes'], key: ['site_id', 'day_utc', 'metric', 'bucket'], sum: ['wipes'], rows: 'dailySiteDurations' },
  { table: 'daily_device', columns: ['device_id', 'day_utc', 'wipes', 'failed_wipes', 'failures', 'site_id'], key: ['device_id', 'day_utc'], sum: ['wipes', 'failed_wipes', 'failures'], rows: 'dailyDevice' },
];

/** Rows per statement, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

function upsertSql(u: Upsert, count: number): string {
  const set = u.sum.map((c) => `${c} = ${u.table}.${c} + excluded.${c}`).join(', ');
  return `INSERT INTO ${u.table} (${u.columns.join(', ')}) VALUES ${placeholders(count, u.columns.length)} ` +
    `ON CONFLICT (${u.key.join(', ')}) DO UPDATE SET ${set}`;
}

const UPDATE_DEVICE = `UPDATE devices SET last_seen_at = ?, agent_version = ?, config_hash = ?,
  last_outcome = CASE
    WHEN last_hour IS NULL OR last_hour < ? THEN ?
    WHEN last_hour = ? AND (last_outcome = 'failed' OR ? = 'failed') THEN 'failed'
    WHEN last_hour = ? AND (last_outcome = 'partial' OR ? = 'partial') THEN 'partial'
    ELSE last_outcome END,
  last_hour = CASE WHEN last_hour IS NULL OR last_hour < ? THEN ? ELSE last_hour END
  WHERE id = ?`;

export async function ingestBatch(q: SqlQueryable, device: DeviceRecord, batch: ReportBatchT, now: number): Promise<IngestResult> {
  const keyParams: SqlParam[] = batch.reports.flatMap((r) => [device.id, r.key, now]);
  const inserted = await q.all<{ report_key: string }>(
    `INSERT INTO report_keys (device_id, report_key, received_at) VALUES ${placeholders(batch.reports.length, 3)} ` +
      'ON CONFLICT DO NOTHING RETURNING report_key',
    keyParams,
  );
  const fresh = new Set(inserted.map((r) => r.report_key));
  const reports = batch.reports.filter((r) => fresh.has(r.key));
  if (reports.length > 0) {
    const set = aggregate(device.id, device.siteId, reports);
    for (const u of UPSERTS) {
      const all = set[u.rows];
      for (let i = 0; i < all.length; i += CHUNK) {
        const chunk = all.slice(i, i + CHUNK);
        await q.run(upsertSql(u, chunk.length), chunk.flat());
      }
    }
  }
  const last = latest(reports);
  if (last) {
    const { hour, outcome } = last;
    await q.run(UPDATE_DEVICE, [now, batch.agentVersion, batch.configHash, hour, outcome, hour, outcome, hour, outcome, hour, hour, device.id]);
  } else {
    await q.run('UPDATE devices SET last_seen_at = ?, agent_version = ?, config_hash = ? WHERE id = ?',
      [now, batch.agentVersion, batch.configHash, device.id]);
  }
  return { accepted: fresh.size, duplicates: batch.reports.length - fresh.size };
}
