/**
 * The fleet overview: per-site summaries from `devices` and the site rollups, fleet totals per
 * day, and per-site wipes per day (ranges up to WEEKLY_AFTER_DAYS) or per ISO week (summed in SQL,
 * labelled by the week's Monday) beyond, so a year for 100 sites is ≤ 53 points per site, not 365.
 */
import { num, numOrNull, type SqlDb } from './sql-db.js';
import { DAY_MS, dailyTotals, dayOf, inList } from './sql-queries.js';
import type { Overview, QueryWindow, SiteBucket, SiteDayTotals, SiteScope, SiteSummary } from './store.js';

/** Longest range (days) whose per-site points are days; longer ranges get weeks. */
export const WEEKLY_AFTER_DAYS = 92;

export function siteBucketFor(days: number): SiteBucket {
  return days > WEEKLY_AFTER_DAYS ? 'week' : 'day';
}

/** The Monday (YYYY-MM-DD) of the ISO week of a `day_utc` text column, in each dialect. */
function mondayOf(db: SqlDb, column: string): string {
  return db.dialect === 'sqlite'
    ? `date(${column}, 'weekday 0', '-6 days')`
    : `to_char(CAST(${column} AS DATE) - (CAST(EXTRACT(ISODOW FROM CAST(${column} AS DATE)) AS INTEGER) - 1), 'YYYY-MM-DD')`;
}

async function siteSeries(db: SqlDb, scope: SiteScope, since: string, bucket: SiteBucket): Promise<SiteDayTotals[]> {
  const where = inList(scope, 'site_id');
  const period = bucket === 'week' ? mondayOf(db, 'day_utc') : 'day_utc';
  const rows = await db.all(
    `SELECT site_id, ${period} AS period, SUM(wipes) AS wipes, SUM(CASE WHEN outcome = 'clean' THEN 0 ELSE wipes END) AS failed
     FROM daily_site_wipes WHERE day_utc >= ?${where.sql} GROUP BY site_id, ${period} ORDER BY site_id, period`,
    [since, ...where.params],
  );
  return rows.map((r) => ({ site: String(r.site_id), day: String(r.period), wipes: num(r.wipes), failedWipes: num(r.failed) }));
}

export async function overview(db: SqlDb, scope: SiteScope, w: QueryWindow): Promise<Overview> {
  const silentBefore = w.now - w.silentAfterMs;
  const week = dayOf(w.now - 6 * DAY_MS);
  const since = dayOf(w.now - (w.days - 1) * DAY_MS);
  const where = inList(scope, 's.id');
  const sites = await db.all(
    `SELECT s.id AS id, s.name AS name, COUNT(d.id) AS devices,
       SUM(CASE WHEN d.id IS NOT NULL AND (d.last_seen_at IS NULL OR d.last_seen_at < ?) THEN 1 ELSE 0 END) AS silent,
       SUM(CASE WHEN d.last_outcome IN ('partial', 'failed') THEN 1 ELSE 0 END) AS failing,
       MAX(d.last_seen_at) AS last_seen_at
     FROM sites s LEFT JOIN devices d ON d.site_id = s.id AND d.revoked_at IS NULL WHERE 1 = 1${where.sql} GROUP BY s.id, s.name ORDER BY s.id`,
    [silentBefore, ...where.params],
  );
  const w2 = inList(scope, 'site_id');
  const wipes = await db.all(
    `SELECT site_id, SUM(wipes) AS wipes, SUM(CASE WHEN outcome = 'clean' THEN 0 ELSE wipes END) AS failed
     FROM daily_site_wipes WHERE day_utc >= ?${w2.sql} GROUP BY site_id`,
    [week, ...w2.params],
  );
  const failures = await db.all(
    `SELECT site_id, SUM(failures) AS failures FROM daily_site_failures WHERE day_utc >= ?${w2.sql} GROUP BY site_id`,
    [week, ...w2.params],
  );
  const wipesBy = new Map(wipes.map((r) => [String(r.site_id), r]));
  const failuresBy = new Map(failures.map((r) => [String(r.site_id), num(r.failures)]));
  const summaries: SiteSummary[] = sites.map((r) => {
    const id = String(r.id);
    return {
      id,
      name: r.name === null || r.name === undefined ? null : String(r.name),
      devices: num(r.devices),
      silent: num(r.silent),
      failing: num(r.failing),
      lastSeenAt: numOrNull(r.last_seen_at),
      wipes7d: num(wipesBy.get(id)?.wipes),
      failedWipes7d: num(wipesBy.get(id)?.failed),
      failures7d: failuresBy.get(id) ?? 0,
    };
  });
  const siteBucket = siteBucketFor(w.days);
  return {
    generatedAt: w.now,
    silentAfterHours: w.silentAfterMs / 3_600_000,
    sites: summaries,
    daily: await dailyTotals(db, scope, since),
    siteBucket,
    siteDaily: await siteSeries(db, scope, since, siteBucket),
  };
}
