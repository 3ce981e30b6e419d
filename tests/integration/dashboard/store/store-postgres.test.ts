/** The store suite on PostgreSQL (the machine's server; a unique schema per test, dropped after). */
import { test } from 'node:test';
import { pgTarget } from '../../../support/dashboard/postgres.js';
import { skipOrFail } from '../../../support/skip.js';
import { storeSuite } from './store-suite.js';

const target = await pgTarget();
if (typeof target === 'string') {
  test('postgres store suite', (t) => {
    skipOrFail(t, target);
  });
} else {
  storeSuite('postgres', target.fresh);
}
