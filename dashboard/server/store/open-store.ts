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

/** A `--db` value that names no store we have; the message never repeats the value (it may hold a password). */
export class DbUrlError extends Error {}

export function openStore(url: string): Store {
  if (/^postgres(ql)?:\/\//i.test(url)) return new PostgresStore({ connectionString: url });
  // Anything else with a scheme is a mistake, not a file name (it would create a folder "mysql:").
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme)
    throw new DbUrlError(`--db: ${scheme[1]!.toLowerCase()}:// databases are not supported; use sqlite:PATH or postgres://USER@HOST/DB`);
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file === '') throw new DbUrlError('--db: sqlite: needs a file, as in sqlite:/var/lib/tabula-dashboard/dashboard.sqlite');
  return new SqliteStore(file);
}
