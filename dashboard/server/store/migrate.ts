/** Applies the numbered migrations in order, once each, recording them in schema_migrations. */
import type { SqlDb } from './sql-db.js';
import { num } from './sql-db.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-device-revoke.js';
import * as m003 from './migrations/003-pc-labels-alerts.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003];
export const SCHEMA_VERSION = MIGRATIONS.length;

export async function migrate(db: SqlDb, now: number): Promise<number> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  return db.tx(async (q) => {
    // Several app nodes may start at once on one PostgreSQL database.
    if (db.dialect === 'postgres') await q.all('SELECT pg_advisory_xact_lock(7274012)');
    const done = new Set((await q.all('SELECT version FROM schema_migrations')).map((r) => num(r.version)));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await q.exec(migration.sql);
      await q.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now]);
    }
    const max = await q.all('SELECT MAX(version) AS v FROM schema_migrations');
    return num(max[0]?.v);
  });
}
