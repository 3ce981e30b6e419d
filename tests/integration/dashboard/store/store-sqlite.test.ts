/** The store suite on SQLite (a temp file, WAL). */
import path from 'node:path';
import { SqliteStore } from '../../../../dashboard/server/store/sqlite-store.js';
import { removeTree, tempDir } from '../../../support/tree.js';
import { storeSuite } from './store-suite.js';

storeSuite('sqlite', async () => {
  const dir = tempDir('tabula-dash-');
  const store = new SqliteStore(path.join(dir, 'dashboard.sqlite'));
  return {
    store,
    done: async () => {
      await store.close();
      removeTree(dir);
    },
  };
});
