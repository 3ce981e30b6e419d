/** The store for large consortia: PostgreSQL, shared by stateless app nodes. */
import { PostgresDb, type PostgresOptions } from './postgres-db.js';
import { SqlStore } from './sql-store.js';

export class PostgresStore extends SqlStore {
  constructor(options: PostgresOptions) {
    super(new PostgresDb(options));
  }
}
