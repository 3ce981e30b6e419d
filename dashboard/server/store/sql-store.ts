/**
 * The Store, written once in portable SQL over a SqlDb. SqliteStore and PostgresStore are the two
 * implementations; they differ only in their database adapter.
 */
import type { ReportBatchT } from '../../../protocol/report.js';
import { migrate } from './migrate.js';
import { IngestBatcher, type BatcherOptions } from './ingest-batcher.js';
import * as queries from './sql-queries.js';
import { overview } from './sql-overview.js';
import * as alerts from './sql-alerts.js';
import type { AlertCondition } from '../alerts/alert-types.js';
import type { AlertChannelRecord } from '../alerts/channels.js';
import { num, numOrNull, type SqlDb } from './sql-db.js';
import {
  TOKEN_ID_LENGTH,
  tokenIdOf,
  type ActiveToken,
  type DeviceRecord,
  type DeviceState,
  type IngestResult,
  type NewDevice,
  type NewToken,
  type Overview,
  type PurgeResult,
  type QueryWindow,
  type Role,
  type SiteDetail,
  type SiteScope,
  type SiteStats,
  type Stats,
  type Store,
  type UserRecord,
} from './store.js';

export class SqlStore implements Store {
  private readonly batcher: IngestBatcher;

  constructor(
    protected readonly db: SqlDb,
    batching: BatcherOptions = {},
  ) {
    this.batcher = new IngestBatcher(db, batching);
  }

  get kind(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  migrate(): Promise<number> {
    return migrate(this.db, Date.now());
  }

  async ping(): Promise<void> {
    await this.db.all('SELECT 1 AS one');
  }

  async close(): Promise<void> {
    await this.batcher.drain();
    await this.db.close();
  }

  async secret(name: string, generate: () => string): Promise<string> {
    await this.db.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, generate()]);
    const [row] = await this.db.all('SELECT value FROM settings WHERE name = ?', [name]);
    return String(row?.value);
  }

  async ensureSite(id: string, now: number): Promise<void> {
    await this.db.run('INSERT INTO sites (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [id, now]);
  }

  async siteExists(id: string): Promise<boolean> {
    return (await this.db.all('SELECT id FROM sites WHERE id = ?', [id])).length > 0;
  }

  async createEnrollToken(token: NewToken, now: number): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run('INSERT INTO sites (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [token.siteId, now]);
      await q.run('INSERT INTO enroll_tokens (hash, site_id, uses_left, expires_at, created_at) VALUES (?, ?, ?, ?, ?)', [
        token.hash,
        token.siteId,
        token.uses,
        token.expiresAt,
        now,
      ]);
    });
  }

  async activeEnrollTokens(now: number): Promise<ActiveToken[]> {
    const rows = await this.db.all(
      'SELECT hash, site_id, uses_left, expires_at FROM enroll_tokens WHERE uses_left > 0 AND expires_at > ? ORDER BY created_at DESC, hash',
      [now],
    );
    return rows.map((r) => ({
      id: tokenIdOf(String(r.hash)),
      siteId: String(r.site_id),
      usesLeft: num(r.uses_left),
      expiresAt: num(r.expires_at),
    }));
  }

  revokeEnrollToken(id: string, now: number, siteId?: string): Promise<number> {
    const sql = 'UPDATE enroll_tokens SET uses_left = 0 WHERE substr(hash, 1, ?) = ? AND uses_left > 0 AND expires_at > ?';
    return siteId === undefined
      ? this.db.run(sql, [TOKEN_ID_LENGTH, id, now])
      : this.db.run(`${sql} AND site_id = ?`, [TOKEN_ID_LENGTH, id, now, siteId]);
  }

  enrollDevice(device: NewDevice, now: number): Promise<DeviceRecord | null> {
    return this.db.tx(async (q) => {
      // One statement takes one use, so two agents racing for the last use cannot both win.
      const taken = await q.all<{ site_id: string }>(
        'UPDATE enroll_tokens SET uses_left = uses_left - 1 WHERE hash = ? AND uses_left > 0 AND expires_at > ? RETURNING site_id',
        [device.tokenHash, now],
      );
      const siteId = taken[0]?.site_id;
      if (siteId === undefined) return null;
      await q.run(
        'INSERT INTO devices (id, site_id, credential_hash, platform, agent_version, enrolled_at, pc_label) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [device.deviceId, siteId, device.credentialHash, device.platform, device.agentVersion, now, device.pcLabel ?? null],
      );
      return { id: device.deviceId, siteId };
    });
  }

  async deviceByCredential(credentialHash: string): Promise<DeviceRecord | null> {
    const [row] = await this.db.all('SELECT id, site_id FROM devices WHERE credential_hash = ? AND revoked_at IS NULL', [credentialHash]);
    return row ? { id: String(row.id), siteId: String(row.site_id) } : null;
  }

  async deviceById(id: string): Promise<DeviceState | null> {
    const [row] = await this.db.all('SELECT id, site_id, revoked_at FROM devices WHERE id = ?', [id]);
    return row ? { id: String(row.id), siteId: String(row.site_id), revokedAt: numOrNull(row.revoked_at) } : null;
  }

  async renameDevice(id: string, label: string | null): Promise<boolean> {
    return (await this.db.run('UPDATE devices SET staff_label = ? WHERE id = ?', [label, id])) > 0;
  }

  async nameSite(id: string, name: string | null): Promise<boolean> {
    return (await this.db.run('UPDATE sites SET name = ? WHERE id = ?', [name, id])) > 0;
  }

  async revokeDevice(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) > 0;
  }

  ingest(device: DeviceRecord, batch: ReportBatchT, now: number): Promise<IngestResult | null> {
    return this.batcher.ingest(device, batch, now);
  }

  async addUser(user: UserRecord, now: number): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(
        'INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash',
        [user.name, user.role, user.passwordHash, now],
      );
      await q.run('DELETE FROM user_sites WHERE user_name = ?', [user.name]);
      for (const site of user.role === 'admin' ? [] : user.sites) {
        await q.run('INSERT INTO sites (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [site, now]);
        await q.run('INSERT INTO user_sites (user_name, site_id) VALUES (?, ?)', [user.name, site]);
      }
      // A changed password or role ends the user's sessions.
      await q.run('DELETE FROM sessions WHERE user_name = ?', [user.name]);
    });
  }

  async removeUser(name: string): Promise<boolean> {
    return this.db.tx(async (q) => {
      const [row] = await q.all('SELECT name FROM users WHERE name = ?', [name]);
      if (!row) return false;
      // Explicitly, not only by ON DELETE CASCADE: the session ends even where foreign keys are off.
      await q.run('DELETE FROM sessions WHERE user_name = ?', [name]);
      await q.run('DELETE FROM user_sites WHERE user_name = ?', [name]);
      await q.run('DELETE FROM users WHERE name = ?', [name]);
      return true;
    });
  }

  async listUsers(): Promise<Array<Omit<UserRecord, 'passwordHash'>>> {
    const users = await this.db.all('SELECT name, role FROM users ORDER BY name', []);
    const sites = await this.db.all('SELECT user_name, site_id FROM user_sites ORDER BY user_name, site_id', []);
    return users.map((u) => ({
      name: String(u.name),
      role: u.role as Role,
      sites: sites.filter((s) => s.user_name === u.name).map((s) => String(s.site_id)),
    }));
  }

  async userByName(name: string): Promise<UserRecord | null> {
    const [row] = await this.db.all('SELECT name, role, password_hash FROM users WHERE name = ?', [name]);
    if (!row) return null;
    const sites = await this.db.all('SELECT site_id FROM user_sites WHERE user_name = ? ORDER BY site_id', [name]);
    return {
      name: String(row.name),
      role: row.role as Role,
      passwordHash: String(row.password_hash),
      sites: sites.map((s) => String(s.site_id)),
    };
  }

  async createSession(idHash: string, userName: string, expiresAt: number, now: number): Promise<void> {
    await this.db.run('INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      idHash,
      userName,
      now,
      expiresAt,
    ]);
  }

  async sessionUser(idHash: string, now: number): Promise<UserRecord | null> {
    const [row] = await this.db.all('SELECT user_name, expires_at FROM sessions WHERE id_hash = ?', [idHash]);
    if (!row || num(row.expires_at) <= now) return null;
    return this.userByName(String(row.user_name));
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  alertChannels(siteId: string | null): Promise<AlertChannelRecord[]> {
    return alerts.alertChannels(this.db, siteId);
  }

  addAlertChannel(channel: AlertChannelRecord): Promise<void> {
    return alerts.addAlertChannel(this.db, channel);
  }

  removeAlertChannel(id: string, siteId?: string): Promise<boolean> {
    return alerts.removeAlertChannel(this.db, id, siteId);
  }

  alertSubjects(ids: readonly string[] | null): Promise<alerts.AlertSubject[]> {
    return alerts.alertSubjects(this.db, ids);
  }

  alertStates(ids: readonly string[] | null): Promise<alerts.AlertStateRow[]> {
    return alerts.alertStates(this.db, ids);
  }

  raiseAlert(deviceId: string, condition: AlertCondition, siteId: string, now: number): Promise<boolean> {
    return alerts.raiseAlert(this.db, deviceId, condition, siteId, now);
  }

  clearAlert(deviceId: string, condition: AlertCondition): Promise<boolean> {
    return alerts.clearAlert(this.db, deviceId, condition);
  }

  overview(scope: SiteScope, window: QueryWindow): Promise<Overview> {
    return overview(this.db, scope, window);
  }

  siteDetail(siteId: string, window: QueryWindow): Promise<SiteDetail | null> {
    return queries.siteDetail(this.db, siteId, window);
  }

  stats(): Promise<Stats> {
    return queries.stats(this.db);
  }

  siteStats(now: number, silentAfterMs: number): Promise<SiteStats[]> {
    return queries.siteStats(this.db, now, silentAfterMs);
  }

  purge(days: number, now: number): Promise<PurgeResult> {
    return queries.purge(this.db, days, now);
  }
}
