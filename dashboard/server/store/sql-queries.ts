/** Read side: fleet overview, site drill-down, totals, and the retention purge. */
import type { ReportOutcome } from '../../../protocol/report.js';
import { num, numOrNull, type SqlDb, type SqlParam } from './sql-db.js';
import type { DayTotals, DeviceSummary, PurgeResult, QueryWindow, SiteDetail, SiteScope, SiteStats, Stats } from './store.js';

export const DAY_MS = 86_400_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function hourOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;
}

export function inList(scope: SiteScope, column: string): { sql: string; params: SqlParam[] } {
  if (scope === null) return { sql: '', params: [] };
  if (scope.length === 0) return { sql: ' AND 1 = 0', params: [] };
  return { sql: ` AND ${column} IN (${scope.map(() => '?').join(', ')})`, params: [...scope] };
}

export async function dailyTotals(db: SqlDb, scope: SiteScope, since: string): Promise<DayTotals[]> {
  const where = inList(scope, 'site_id');
  const rows = await db.all(
    `SELECT day_utc, SUM(wipes) AS wipes, SUM(CASE WHEN outcome = 'clean' THEN 0 ELSE wipes END) AS failed
     FROM daily_site_wipes WHERE day_utc >= ?${where.sql} GROUP BY day_utc ORDER BY day_utc`,
    [since, ...where.params],
  );
  return rows.map((r) => ({ day: String(r.day_utc), wipes: num(r.wipes), failedWipes: num(r.failed) }));
}

function histogram(rows: Record<string, unknown>[], metric: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.metric === metric) out[String(r.bucket)] = num(r.wipes);
  return out;
}

/** A `devices` row (with its 7-day counts) as the API shows it, before the revoked PCs are split off. */
function device(d: Record<string, unknown>): Omit<DeviceSummary, 'silent' | 'failing'> & { revokedAt: number | null } {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(d.id),
    label: text(d.staff_label) ?? text(d.pc_label),
    pcLabel: text(d.pc_label),
    staffLabel: text(d.staff_label),
    platform: String(d.platform),
    agentVersion: String(d.agent_version),
    configHash: d.config_hash === null ? null : String(d.config_hash),
    enrolledAt: num(d.enrolled_at),
    lastSeenAt: numOrNull(d.last_seen_at),
    lastHour: d.last_hour === null ? null : String(d.last_hour),
    lastOutcome: (d.last_outcome ?? null) as ReportOutcome | null,
    lastCategory: d.last_outcome === 'clean' ? null : text(d.last_category),
    lastCode: d.last_outcome === 'clean' ? null : text(d.last_code),
    failStreak: num(d.fail_streak),
    noBaseline: num(d.no_baseline) > 0,
    wipes7d: num(d.wipes7d),
    failures7d: num(d.failures7d),
    revokedAt: numOrNull(d.revoked_at),
  };
}

export async function siteDetail(db: SqlDb, siteId: string, w: QueryWindow): Promise<SiteDetail | null> {
  const [site] = await db.all('SELECT id, name FROM sites WHERE id = ?', [siteId]);
  if (!site) return null;
  const since = dayOf(w.now - (w.days - 1) * DAY_MS);
  const week = dayOf(w.now - 6 * DAY_MS);
  const devices = await db.all(
    `SELECT d.id, d.platform, d.agent_version, d.config_hash, d.enrolled_at, d.last_seen_at, d.last_hour, d.last_outcome, d.revoked_at,
       d.pc_label, d.staff_label, d.last_category, d.last_code, d.fail_streak, d.no_baseline,
       COALESCE(x.wipes, 0) AS wipes7d, COALESCE(x.failures, 0) AS failures7d
     FROM devices d LEFT JOIN (
       SELECT device_id, SUM(wipes) AS wipes, SUM(failures) AS failures FROM daily_device
       WHERE site_id = ? AND day_utc >= ? GROUP BY device_id) x ON x.device_id = d.id
     WHERE d.site_id = ? ORDER BY d.id`,
    [siteId, week, siteId],
  );
  const categories = await db.all(
    `SELECT category, SUM(items) AS items, SUM(bytes) AS bytes FROM daily_site_items
     WHERE site_id = ? AND day_utc >= ? GROUP BY category ORDER BY category`,
    [siteId, since],
  );
  const failures = await db.all(
    `SELECT category, code, SUM(failures) AS failures FROM daily_site_failures
     WHERE site_id = ? AND day_utc >= ? GROUP BY category, code ORDER BY category, code`,
    [siteId, since],
  );
  const durations = await db.all(
    `SELECT metric, bucket, SUM(wipes) AS wipes FROM daily_site_durations
     WHERE site_id = ? AND day_utc >= ? GROUP BY metric, bucket`,
    [siteId, since],
  );
  const silentBefore = w.now - w.silentAfterMs;
  const rows = devices.map(device);
  return {
    id: siteId,
    name: site.name === null || site.name === undefined ? null : String(site.name),
    devices: rows
      .filter((d) => d.revokedAt === null)
      .map(({ revokedAt: _, ...d }) => ({
        ...d,
        silent: d.lastSeenAt === null || d.lastSeenAt < silentBefore,
        failing: d.lastOutcome === 'partial' || d.lastOutcome === 'failed',
      })),
    revoked: rows
      .flatMap(({ revokedAt, ...d }) => (revokedAt === null ? [] : [{ ...d, revokedAt }]))
      .sort((a, b) => b.revokedAt - a.revokedAt || a.id.localeCompare(b.id)),
    daily: await dailyTotals(db, [siteId], since),
    categories: categories.map((r) => ({ category: String(r.category), items: num(r.items), bytes: num(r.bytes) })),
    failures: failures.map((r) => ({ category: String(r.category), code: String(r.code), failures: num(r.failures) })),
    safeMs: histogram(durations, 'safe'),
    doneMs: histogram(durations, 'done'),
  };
}

export async function stats(db: SqlDb): Promise<Stats> {
  const [row] = await db.all(
    `SELECT (SELECT COUNT(*) FROM sites) AS sites, (SELECT COUNT(*) FROM devices WHERE revoked_at IS NULL) AS devices,
       (SELECT COALESCE(SUM(wipes), 0) FROM daily_site_wipes) AS wipes,
       (SELECT COALESCE(SUM(wipes), 0) FROM daily_site_wipes WHERE outcome <> 'clean') AS failed_wipes,
       (SELECT COALESCE(SUM(failures), 0) FROM daily_site_failures) AS failures`,
  );
  return {
    sites: num(row?.sites),
    devices: num(row?.devices),
    wipes: num(row?.wipes),
    failedWipes: num(row?.failed_wipes),
    failures: num(row?.failures),
  };
}

export async function purge(db: SqlDb, days: number, now: number): Promise<PurgeResult> {
  const cutoffMs = now - days * DAY_MS;
  const cutoffHour = hourOf(cutoffMs);
  return db.tx(async (q) => {
    let hourlyRows = 0;
    for (const table of ['hourly_wipes', 'hourly_items', 'hourly_failures', 'hourly_durations']) {
      hourlyRows += await q.run(`DELETE FROM ${table} WHERE hour_utc < ?`, [cutoffHour]);
    }
    const reportKeys = await q.run('DELETE FROM report_keys WHERE received_at < ?', [cutoffMs]);
    const sessions = await q.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
    const tokens = await q.run('DELETE FROM enroll_tokens WHERE expires_at <= ? OR uses_left <= 0', [now]);
    return { hourlyRows, reportKeys, sessions, tokens };
  });
}

/** Per site, for /metrics: all-time wipes and failed wipes, failing and silent PCs, the newest report. */
export async function siteStats(db: SqlDb, now: number, silentAfterMs: number): Promise<SiteStats[]> {
  const pcs = await db.all(
    `SELECT s.id AS id, COUNT(d.id) AS devices,
       SUM(CASE WHEN d.id IS NOT NULL AND (d.last_seen_at IS NULL OR d.last_seen_at < ?) THEN 1 ELSE 0 END) AS silent,
       SUM(CASE WHEN d.last_outcome IN ('partial', 'failed') THEN 1 ELSE 0 END) AS failing, MAX(d.last_seen_at) AS last_seen_at
     FROM sites s LEFT JOIN devices d ON d.site_id = s.id AND d.revoked_at IS NULL GROUP BY s.id ORDER BY s.id`,
    [now - silentAfterMs],
  );
  const wipes = await db.all(
    `SELECT site_id, SUM(wipes) AS wipes, SUM(CASE WHEN outcome = 'clean' THEN 0 ELSE wipes END) AS failed FROM daily_site_wipes GROUP BY site_id`,
  );
  const by = new Map(wipes.map((r) => [String(r.site_id), r]));
  return pcs.map((r) => ({
    id: String(r.id),
    devices: num(r.devices),
    silent: num(r.silent),
    failing: num(r.failing),
    lastSeenAt: numOrNull(r.last_seen_at),
    wipes: num(by.get(String(r.id))?.wipes),
    failedWipes: num(by.get(String(r.id))?.failed),
  }));
}
