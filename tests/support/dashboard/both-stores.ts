/** Runs one dashboard scenario as two tests: on a fresh SQLite file and on a fresh PostgreSQL schema. */
import { test, type TestContext } from 'node:test';
import path from 'node:path';
import { SqliteStore } from '../../../dashboard/server/store/sqlite-store.js';
import type { Store } from '../../../dashboard/server/store/store.js';
import { removeTree, tempDir } from '../tree.js';
import { pgTarget } from './postgres.js';
import { skipOrFail } from '../skip.js';

export function testOnBothStores(title: string, scenario: (store: Store) => Promise<void>): void {
  test(`${title}, on SQLite`, async () => {
    const dir = tempDir('tabula-dash-');
    const store = new SqliteStore(path.join(dir, 'dashboard.sqlite'));
    try {
      await scenario(store);
    } finally {
      await store.close();
      removeTree(dir);
    }
  });

  test(`${title}, on PostgreSQL`, async (t: TestContext) => {
    const target = await pgTarget();
    if (typeof target === 'string') return void skipOrFail(t, target);
    const { store, done } = await target.fresh();
    try {
      await scenario(store);
    } finally {
      await done();
    }
  });
}
