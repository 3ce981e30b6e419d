/** The embedded default store: one SQLite file (WAL). */
import { SqliteDb } from './sqlite-db.js';
import { SqlStore } from './sql-store.js';

export class SqliteStore extends SqlStore {
  constructor(file: string) {
    super(new SqliteDb(file));
  }
}
