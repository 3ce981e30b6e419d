/**
 * Device revocation from the web API, on SQLite and PostgreSQL: staff of another branch are
 * refused, an admin or the branch's own staff revoke; the PC's next report is answered 401 and
 * nothing of it is stored; enrollment tokens created from the UI enroll at their site only.
 */
import assert from 'node:assert/strict';
import type { Store } from '../../../dashboard/server/store/store.js';
import { addUser, enroll, login, postReports, testApp } from '../../support/dashboard/app.js';
import { failedReport, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { testOnBothStores } from '../../support/dashboard/both-stores.js';
import { removeTree } from '../../support/tree.js';

async function scenario(store: Store): Promise<void> {
  const t = await testApp({}, store);
  try {
    await addUser(t.store, 'ada', 'admin');
    await addUser(t.store, 'nora', 'staff', ['north']);
    const ada = await login(t, 'ada');
    const nora = await login(t, 'nora');
    const d = await enroll(t, 'north');
    const e = await enroll(t, 'south');
    assert.equal((await postReports(t, d, JSON.stringify(makeBatch(d, [makeReport()])))).statusCode, 200);
    const revoke = (id: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/devices/${id}/revoke`, headers });

    assert.equal((await revoke(e.id, nora.headers)).statusCode, 403, 'staff cannot revoke a PC of another branch');
    assert.equal((await postReports(t, e, JSON.stringify(makeBatch(e, [makeReport()])))).statusCode, 200, 'so it still reports');

    const done = await revoke(d.id, nora.headers);
    assert.equal(done.statusCode, 200);
    assert.deepEqual(done.json(), { ok: true, deviceId: d.id, siteId: 'north', revoked: true });
    assert.equal((await revoke(d.id, ada.headers)).json().revoked, false, 'already revoked');
    const before = await t.store.stats();
    const refused = await postReports(t, d, JSON.stringify(makeBatch(d, [failedReport()])));
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().code, 'E_UNAUTHENTICATED');
    assert.deepEqual(await t.store.stats(), { ...before }, 'nothing stored');
    assert.equal(before.devices, 1, 'the revoked PC left the counts');

    assert.equal((await revoke(e.id, ada.headers)).statusCode, 200, 'an admin revokes anywhere');
    assert.equal((await postReports(t, e, JSON.stringify(makeBatch(e, [makeReport()])))).statusCode, 401);

    const token = await t.app.inject({ method: 'POST', url: '/api/v1/sites/north/tokens', headers: nora.headers, payload: { uses: 2 } });
    assert.equal(token.statusCode, 200);
    const body = token.json() as { token: string; siteId: string; uses: number };
    assert.deepEqual([body.siteId, body.uses], ['north', 2]);
    for (const expected of [200, 200, 401]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/enroll',
        payload: { v: 1, token: body.token, agentVersion: '0.1.0', platform: 'win32' },
      });
      assert.equal(res.statusCode, expected);
      if (expected === 200) assert.equal(res.json().siteId, 'north');
    }
  } finally {
    await t.app.close();
    removeTree(t.dir);
  }
}

testOnBothStores('revoke and UI tokens', scenario);
