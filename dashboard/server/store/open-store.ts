/**
 * `--db` URLs: `sqlite:PATH` (or a bare path) and `postgres://...` / `postgresql://...`.
 * Without `--db`, the SQLite file `dashboard.sqlite` in the data directory.
 */
import path from 'node:path';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export const DEFAULT_DATA_DIR = '/var/lib/tabula-dashboard';

export function resolveDbUrl(db: string | undefined, dataDir: string | undefined): string {
  if (db !== undefined && db !== '') return db;
  return `sqlite:${path.join(dataDir ?? DEFAULT_DATA_DIR, 'dashboard.sqlite')}`;
}

export function openStore(url: string): Store {
  if (/^postgres(ql)?:\/\//.test(url)) return new PostgresStore({ connectionString: url });
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file === '') throw new Error('E_DB_URL');
  return new SqliteStore(file);
}
