/**
 * A PostgreSQL store on the machine's server (127.0.0.1:5432, trust auth, database `test`) in a
 * schema unique to this run, dropped afterwards. Not reachable: `pgTarget` gives the reason, for
 * `skipOrFail` (tests/support/skip.ts).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { PostgresStore } from '../../../dashboard/server/store/postgres-store.js';

export interface PgTarget {
  url: string;
  /** A store in a new schema; `done` closes it and drops the schema. */
  fresh: () => Promise<{ store: PostgresStore; schema: string; done: () => Promise<void> }>;
}

const CANDIDATES = [
  process.env.TABULA_TEST_PG_URL,
  'postgres://postgres@127.0.0.1:5432/test',
  'postgres://root@127.0.0.1:5432/test',
].filter((u): u is string => !!u);

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Resolves to a factory of fresh schemas, or to the reason PostgreSQL cannot be used. */
export async function pgTarget(): Promise<PgTarget | string> {
  for (const url of CANDIDATES) {
    if (!(await reachable(url))) continue;
    return {
      url,
      fresh: async () => {
        const schema = `tabula_test_${randomBytes(6).toString('hex')}`;
        await sql(url, `CREATE SCHEMA ${schema}`);
        const store = new PostgresStore({ connectionString: url, schema });
        return {
          store,
          schema,
          done: async () => {
            await store.close().catch(() => undefined);
            await sql(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          },
        };
      },
    };
  }
  return 'PostgreSQL is not reachable on 127.0.0.1:5432 (database "test", user postgres or root); start it (see .ci/run)';
}
