/** `/metrics` per site, on SQLite and PostgreSQL: wipes, failed wipes, failing and silent PCs, last report age. */
import assert from 'node:assert/strict';
import { testOnBothStores } from '../../support/dashboard/both-stores.js';
import { enroll, postReports, testApp } from '../../support/dashboard/app.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { removeTree } from '../../support/tree.js';

testOnBothStores('per-site metrics', async (store) => {
  let clock = Date.now();
  const t = await testApp({ now: () => clock, alertSweepMs: false, silentAfterHours: 72 }, store);
  try {
    const [a, b, c] = [await enroll(t, 'north'), await enroll(t, 'north'), await enroll(t, 'south')];
    await postReports(
      t,
      a,
      JSON.stringify(makeBatch(a, [makeReport({ hour: hourOf(clock), wipes: 3, safeMs: { le250: 3 }, doneMs: { le1000: 3 } })])),
    );
    await postReports(t, b, JSON.stringify(makeBatch(b, [failedReport({ hour: hourOf(clock) })])));
    await store.ensureSite('west', clock);
    clock += 100_000;
    await postReports(t, c, JSON.stringify(makeBatch(c, [makeReport({ hour: hourOf(clock) })])));
    clock += 5_000;
    const body = (await t.app.inject({ url: '/metrics' })).body;
    const value = (name: string, site: string) => Number(new RegExp(`^${name}\\{site="${site}"\\} (\\d+)$`, 'm').exec(body)?.[1] ?? NaN);
    assert.equal(value('tabula_site_wipes', 'north'), 4);
    assert.equal(value('tabula_site_failed_wipes', 'north'), 1);
    assert.equal(value('tabula_site_failing_devices', 'north'), 1);
    assert.equal(value('tabula_site_silent_devices', 'north'), 0);
    assert.equal(value('tabula_site_devices', 'north'), 2);
    assert.equal(value('tabula_site_last_report_age_seconds', 'north'), 105);
    assert.equal(value('tabula_site_last_report_age_seconds', 'south'), 5);
    assert.equal(value('tabula_site_wipes', 'west'), 0, 'a site without reports still has its series');
    assert.doesNotMatch(body, /last_report_age_seconds\{site="west"\}/, 'no age without a report');
    clock += 73 * 3_600_000;
    assert.equal(
      Number(/^tabula_site_silent_devices\{site="north"\} (\d+)$/m.exec((await t.app.inject({ url: '/metrics' })).body)?.[1]),
      2,
    );
    assert.doesNotMatch(body, /dev_/, 'no device ids in metrics');
  } finally {
    await t.app.close();
    removeTree(t.dir);
  }
});
