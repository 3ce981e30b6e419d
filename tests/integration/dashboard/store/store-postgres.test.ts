/** The store suite on PostgreSQL (the machine's server; a unique schema per test, dropped after). */
import { test } from 'node:test';
import { pgTarget, skipOrFail } from '../../../support/dashboard/postgres.js';
import { storeSuite } from './store-suite.js';

const target = await pgTarget();
if (typeof target === 'string') {
  const reason = skipOrFail(target);
  test('postgres store suite', { skip: reason }, () => undefined);
} else {
  storeSuite('postgres', target.fresh);
}
