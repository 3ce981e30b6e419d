/** The store's alerting statements: channels per site and the open alert of each PC and condition. */
import type { AlertCondition } from '../alerts/alert-types.js';
import type { AlertChannelRecord, ChannelTarget } from '../alerts/channels.js';
import { num, numOrNull, type SqlDb } from './sql-db.js';

export interface AlertSubject {
  id: string;
  siteId: string;
  siteName: string | null;
  label: string | null;
  enrolledAt: number;
  lastSeenAt: number | null;
  lastOutcome: string | null;
  lastCategory: string | null;
  lastCode: string | null;
  failStreak: number;
}

export interface AlertStateRow {
  deviceId: string;
  condition: AlertCondition;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function channel(r: Record<string, unknown>): AlertChannelRecord {
  return {
    id: String(r.id),
    siteId: String(r.site_id),
    target: JSON.parse(String(r.target)) as ChannelTarget,
    secret: text(r.secret),
    createdAt: num(r.created_at),
  };
}

export async function alertChannels(db: SqlDb, siteId: string | null): Promise<AlertChannelRecord[]> {
  const rows =
    siteId === null
      ? await db.all('SELECT id, site_id, target, secret, created_at FROM alert_channels ORDER BY site_id, created_at, id')
      : await db.all('SELECT id, site_id, target, secret, created_at FROM alert_channels WHERE site_id = ? ORDER BY created_at, id', [
          siteId,
        ]);
  return rows.map(channel);
}

export async function addAlertChannel(db: SqlDb, c: AlertChannelRecord): Promise<void> {
  await db.tx(async (q) => {
    await q.run('INSERT INTO sites (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [c.siteId, c.createdAt]);
    await q.run('INSERT INTO alert_channels (id, site_id, kind, target, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      c.id,
      c.siteId,
      c.target.kind,
      JSON.stringify(c.target),
      c.secret,
      c.createdAt,
    ]);
  });
}

export async function removeAlertChannel(db: SqlDb, id: string, siteId?: string): Promise<boolean> {
  const n =
    siteId === undefined
      ? await db.run('DELETE FROM alert_channels WHERE id = ?', [id])
      : await db.run('DELETE FROM alert_channels WHERE id = ? AND site_id = ?', [id, siteId]);
  return n > 0;
}

/** PCs in use (all of them, or these ids) with what the alert rules need. */
export async function alertSubjects(db: SqlDb, ids: readonly string[] | null): Promise<AlertSubject[]> {
  const base = `SELECT d.id, d.site_id, s.name AS site_name, COALESCE(d.staff_label, d.pc_label) AS label, d.enrolled_at, d.last_seen_at,
      d.last_outcome, d.last_category, d.last_code, d.fail_streak
    FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.revoked_at IS NULL`;
  const rows =
    ids === null
      ? await db.all(`${base} ORDER BY d.id`)
      : ids.length === 0
        ? []
        : await db.all(`${base} AND d.id IN (${ids.map(() => '?').join(', ')}) ORDER BY d.id`, [...ids]);
  return rows.map((r) => ({
    id: String(r.id),
    siteId: String(r.site_id),
    siteName: text(r.site_name),
    label: text(r.label),
    enrolledAt: num(r.enrolled_at),
    lastSeenAt: numOrNull(r.last_seen_at),
    lastOutcome: text(r.last_outcome),
    lastCategory: text(r.last_category),
    lastCode: text(r.last_code),
    failStreak: num(r.fail_streak),
  }));
}

export async function alertStates(db: SqlDb, ids: readonly string[] | null): Promise<AlertStateRow[]> {
  const rows =
    ids === null
      ? await db.all('SELECT device_id, alert_condition FROM alert_state')
      : ids.length === 0
        ? []
        : await db.all(`SELECT device_id, alert_condition FROM alert_state WHERE device_id IN (${ids.map(() => '?').join(', ')})`, [
            ...ids,
          ]);
  return rows.map((r) => ({ deviceId: String(r.device_id), condition: String(r.alert_condition) as AlertCondition }));
}

/** True only for the caller that opened the alert (one per PC and condition, across app nodes). */
export async function raiseAlert(db: SqlDb, deviceId: string, condition: AlertCondition, siteId: string, now: number): Promise<boolean> {
  const rows = await db.all(
    'INSERT INTO alert_state (device_id, alert_condition, site_id, raised_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING device_id',
    [deviceId, condition, siteId, now],
  );
  return rows.length > 0;
}

/** True only for the caller that closed it (so one recovery message is sent). */
export async function clearAlert(db: SqlDb, deviceId: string, condition: AlertCondition): Promise<boolean> {
  return (await db.run('DELETE FROM alert_state WHERE device_id = ? AND alert_condition = ?', [deviceId, condition])) > 0;
}
