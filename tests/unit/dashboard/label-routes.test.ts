/**
 * PC names and site names through the staff API: the agent's label arrives with enroll and
 * reports, staff rename PCs of their own sites (CSRF, narrow pattern), admins name sites; the
 * site page and its CSV show them with the error code's meaning and action.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { addUser, login, newToken, postReports, testApp } from '../../support/dashboard/app.js';
import { failedReport, makeBatch } from '../../support/dashboard/batches.js';

test('PC labels: reported by the agent, renamed by staff of the site only, shown in the page and the CSV', async () => {
  const t = await testApp();
  try {
    await addUser(t.store, 'ada', 'admin');
    await addUser(t.store, 'nora', 'staff', ['north']);
    await addUser(t.store, 'sid', 'staff', ['south']);
    await t.store.ensureSite('south', Date.now());
    const token = await newToken(t.store, 'north');
    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { v: 1, token, agentVersion: '0.1.0', platform: 'linux', pcLabel: 'north-pc-1' },
    });
    assert.equal(enrolled.statusCode, 200);
    const body = enrolled.json() as { deviceId: string; siteId: string; credential: string };
    const pc = { id: body.deviceId, siteId: body.siteId, credential: body.credential };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { v: 1, token: await newToken(t.store, 'north'), agentVersion: '0.1.0', platform: 'linux', pcLabel: 'Jane Patron' },
    });
    assert.equal(bad.statusCode, 400, 'free text is refused');
    const failures = [{ category: 'downloads' as const, code: 'E_PERM' as const, count: 1 }];
    assert.equal(
      (await postReports(t, pc, JSON.stringify({ ...makeBatch(pc, [failedReport({ failures })]), pcLabel: 'north-pc-1' }))).statusCode,
      200,
    );

    const [ada, nora, sid] = [await login(t, 'ada'), await login(t, 'nora'), await login(t, 'sid')];
    const rename = (who: typeof ada, label: unknown, headers = who.headers) =>
      t.app.inject({ method: 'POST', url: `/api/v1/devices/${pc.id}/label`, headers, payload: { label } });
    assert.equal((await rename(sid, 'mine')).statusCode, 403, 'staff of another site');
    assert.equal((await rename(nora, 'Kids corner')).statusCode, 400, 'no spaces');
    assert.equal((await rename(nora, 'x', { cookie: nora.cookie })).statusCode, 403, 'CSRF token needed');
    assert.equal((await rename(nora, 'Kids-corner-3')).statusCode, 200);

    const site = (await t.app.inject({ url: '/api/v1/sites/north', headers: nora.headers })).json() as {
      devices: { label: string; pcLabel: string; lastCode: string }[];
      errorHelp: Record<string, { meaning: string; action: string }>;
    };
    assert.deepEqual(
      [site.devices[0]!.label, site.devices[0]!.pcLabel, site.devices[0]!.lastCode],
      ['Kids-corner-3', 'north-pc-1', 'E_PERM'],
    );
    assert.deepEqual(site.errorHelp, { E_PERM: ERROR_HELP.E_PERM });

    const name = (who: typeof ada, value: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/sites/north/name', headers: who.headers, payload: { name: value } });
    assert.equal((await name(nora, 'North')).statusCode, 403, 'site names are for admins');
    assert.equal((await name(ada, '<b>x</b>')).statusCode, 400);
    assert.equal((await name(ada, 'North Branch, 2nd floor')).statusCode, 200);
    const csv = (await t.app.inject({ url: '/api/v1/sites/north/devices.csv', headers: nora.headers })).body.trim().split('\r\n');
    assert.match(csv[0]!, /^site,site_name,device,pc_label,.*,last_error_category,last_error_code,last_error_meaning,last_error_action,/);
    assert.ok(csv[1]!.startsWith(`"north","North Branch, 2nd floor","${pc.id}","Kids-corner-3",`), csv[1]);
    assert.match(csv[1]!, new RegExp(`"E_PERM","${ERROR_HELP.E_PERM.meaning}","${ERROR_HELP.E_PERM.action}"`));

    assert.equal((await rename(nora, null)).statusCode, 200, "cleared: the agent's label again");
    const again = (await t.app.inject({ url: '/api/v1/sites/north', headers: ada.headers })).json() as { devices: { label: string }[] };
    assert.equal(again.devices[0]!.label, 'north-pc-1');
  } finally {
    await t.close();
  }
});
