/** PostgreSQL adapter: a pg pool; `?` placeholders become `$1, $2, ...`. */
import pg from 'pg';
import type { Row, SqlDb, SqlParam, SqlQueryable } from './sql-db.js';

const numbered = new Map<string, string>();

function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    if (numbered.size > 1000) numbered.clear();
    numbered.set(sql, out);
  }
  return out;
}

/** Deadlocks and serialization failures are retried; both are transient in PostgreSQL. */
const RETRYABLE = new Set(['40P01', '40001']);

function queryable(client: pg.Pool | pg.PoolClient): SqlQueryable {
  return {
    all: async <T extends Row>(sql: string, params: readonly SqlParam[] = []) =>
      (await client.query(toPg(sql), params as SqlParam[])).rows as T[],
    run: async (sql: string, params: readonly SqlParam[] = []) => (await client.query(toPg(sql), params as SqlParam[])).rowCount ?? 0,
    exec: async (sql: string) => void (await client.query(sql)),
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Schema to use (must exist); tests use a unique one per run. */
  schema?: string;
  max?: number;
}

export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly direct: SqlQueryable;

  constructor(options: PostgresOptions) {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('E_DB_SCHEMA');
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      // A startup parameter, so every connection uses the schema from its first query.
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    this.pool.on('error', () => undefined); // an idle client lost its connection; the pool replaces it
    this.direct = queryable(this.pool);
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  async tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: unknown }).code;
        if (attempt < 5 && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
