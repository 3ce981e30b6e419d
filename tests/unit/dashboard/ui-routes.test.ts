/**
 * Staff API: login (scrypt, throttled), session cookie attributes, CSRF, and the role matrix —
 * branch staff cannot read or change another branch (tokens, device revocation).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, enroll, login, PASSWORD, postReports, testApp, type TestApp } from '../../support/dashboard/app.js';
import { failedReport, makeBatch, makeReport } from '../../support/dashboard/batches.js';

const UNKNOWN_DEVICE = `dev_${'e'.repeat(32)}`;

async function fleet(): Promise<TestApp & { deviceOf: Record<string, string> }> {
  const t = await testApp();
  await addUser(t.store, 'ada', 'admin');
  await addUser(t.store, 'nora', 'staff', ['north']);
  await addUser(t.store, 'sid', 'staff', ['south', 'east']);
  const n = await enroll(t, 'north');
  const s = await enroll(t, 'south');
  await postReports(t, n, JSON.stringify(makeBatch(n, [makeReport({ wipes: 2, safeMs: { le250: 2 }, doneMs: { le1000: 2 } })])));
  await postReports(t, s, JSON.stringify(makeBatch(s, [failedReport()])));
  return { ...t, deviceOf: { north: n.id, south: s.id } };
}

test('login sets a signed, HttpOnly, SameSite=Strict, Secure session cookie', async () => {
  const t = await fleet();
  try {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name: 'nora', password: PASSWORD } });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'tabula_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.secure, true);
    assert.match(cookie.value, /\.[A-Za-z0-9+/_=-]+$/, 'signed');
    const body = res.json() as { user: { role: string; sites: string[] }; csrfToken: string };
    assert.deepEqual(body.user, { name: 'nora', role: 'staff', sites: ['north'] });
    const tampered = await t.app.inject({ url: '/api/v1/overview', headers: { cookie: `tabula_session=${cookie.value.slice(0, -2)}xx` } });
    assert.equal(tampered.statusCode, 401);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name: 'nora', password: 'wrong password!' } });
    assert.equal(wrong.statusCode, 401);
    assert.ok(!wrong.body.includes('wrong password'));
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name: 'nobody', password: PASSWORD } });
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(unknown.json(), wrong.json(), 'unknown user and wrong password look the same');
  } finally {
    await t.close();
  }
});

test('login is throttled after repeated failures, even with the right password', async () => {
  const t = await fleet();
  try {
    for (let i = 0; i < 3; i++) {
      // 3 free failures for one name from one address (login-throttle.test.ts has the rest)
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name: 'ada', password: `guess number ${i}` } });
      assert.equal(res.statusCode, 401);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name: 'ada', password: PASSWORD } });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().code, 'E_RATE_LIMITED');
  } finally {
    await t.close();
  }
});

test('role matrix: who can read and change which site', async () => {
  const t = await fleet();
  try {
    const ada = await login(t, 'ada');
    const nora = await login(t, 'nora');
    const sid = await login(t, 'sid');
    const overviewSites = async (headers: Record<string, string>) =>
      ((await t.app.inject({ url: '/api/v1/overview', headers })).json() as { sites: { id: string }[] }).sites.map((s) => s.id);
    assert.deepEqual(await overviewSites(ada.headers), ['east', 'north', 'south']);
    assert.deepEqual(await overviewSites(nora.headers), ['north']);
    assert.deepEqual(await overviewSites(sid.headers), ['east', 'south']);

    const south = (await t.app.inject({ url: '/api/v1/sites/south', headers: sid.headers })).json() as { devices: { failing: boolean }[] };
    assert.equal(south.devices[0]?.failing, true);

    const matrix: [string, Record<string, string>, string, number, number][] = [
      // who, headers, site, GET status, POST token / revoke status
      ['admin', ada.headers, 'north', 200, 200],
      ['admin', ada.headers, 'south', 200, 200],
      ['admin', ada.headers, 'missing', 404, 404],
      ['nora', nora.headers, 'north', 200, 200],
      ['nora', nora.headers, 'south', 403, 403],
      ['nora', nora.headers, 'east', 403, 403],
      ['nora', nora.headers, 'missing', 403, 403],
      ['sid', sid.headers, 'south', 200, 200],
      ['sid', sid.headers, 'north', 403, 403],
      ['anonymous', {}, 'north', 401, 401],
    ];
    for (const [who, headers, site, read, change] of matrix) {
      const get = await t.app.inject({ url: `/api/v1/sites/${site}`, headers });
      assert.equal(get.statusCode, read, `${who} GET ${site}`);
      const csv = await t.app.inject({ url: `/api/v1/sites/${site}/devices.csv`, headers });
      assert.equal(csv.statusCode, read, `${who} CSV ${site}`);
      const post = await t.app.inject({ method: 'POST', url: `/api/v1/sites/${site}/tokens`, headers, payload: {} });
      assert.equal(post.statusCode, change, `${who} POST token ${site}`);
      if (change === 200) assert.match((post.json() as { token: string }).token, /^tbe_/);
      const tokens = await t.app.inject({ url: `/api/v1/sites/${site}/tokens`, headers });
      assert.equal(tokens.statusCode, read, `${who} GET tokens ${site}`);
      const tokenId = change === 200 ? (post.json() as { id: string }).id : 'a'.repeat(12);
      if (change === 200) {
        const listed = (tokens.json() as { tokens: { id: string; usesLeft: number }[] }).tokens;
        assert.ok(
          listed.some((x) => x.id === tokenId && x.usesLeft === 1),
          `${who} sees the new token of ${site}`,
        );
        assert.ok(!tokens.body.includes((post.json() as { token: string }).token), 'ids, never the token');
      }
      const revokeToken = await t.app.inject({ method: 'POST', url: `/api/v1/sites/${site}/tokens/${tokenId}/revoke`, headers });
      assert.equal(revokeToken.statusCode, change, `${who} revoke a token of ${site}`);
      const device = t.deviceOf[site] ?? UNKNOWN_DEVICE;
      const revoke = await t.app.inject({ method: 'POST', url: `/api/v1/devices/${device}/revoke`, headers });
      assert.equal(revoke.statusCode, change, `${who} revoke a PC of ${site}`);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/overview' })).statusCode, 401);

    // A south token cannot be revoked through a north URL, even by someone who may see north.
    const southToken = (
      await t.app.inject({ method: 'POST', url: '/api/v1/sites/south/tokens', headers: ada.headers, payload: {} })
    ).json() as { id: string };
    const cross = await t.app.inject({ method: 'POST', url: `/api/v1/sites/north/tokens/${southToken.id}/revoke`, headers: nora.headers });
    assert.equal(cross.statusCode, 404);
    const still = (await t.app.inject({ url: '/api/v1/sites/south/tokens', headers: sid.headers })).json() as { tokens: { id: string }[] };
    assert.ok(
      still.tokens.some((x) => x.id === southToken.id),
      'still active',
    );
  } finally {
    await t.close();
  }
});

test('CSRF: state-changing requests need the token and our origin', async () => {
  const t = await fleet();
  try {
    const nora = await login(t, 'nora');
    const revoke = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/devices/${t.deviceOf.north}/revoke`, headers });
    assert.equal((await revoke({ cookie: nora.cookie })).statusCode, 403, 'revoke without token');
    assert.equal((await revoke({ ...nora.headers, origin: 'https://evil.example' })).statusCode, 403, 'revoke from a foreign origin');
    assert.deepEqual((await t.app.inject({ url: '/api/v1/sites/north', headers: nora.headers })).json().devices.length, 1, 'not revoked');
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/sites/north/tokens', headers, payload: {} });
    assert.equal((await post({ cookie: nora.cookie })).statusCode, 403, 'no token');
    assert.equal((await post({ cookie: nora.cookie, 'x-csrf-token': 'forged' })).statusCode, 403, 'wrong token');
    assert.equal((await post({ ...nora.headers, origin: 'https://evil.example' })).statusCode, 403, 'foreign origin');
    assert.equal((await post({ ...nora.headers, 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'cross-site fetch');
    assert.equal((await post({ ...nora.headers, origin: 'http://localhost:80' })).statusCode, 200, 'own origin');
    const crossLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      headers: { origin: 'https://evil.example' },
      payload: { name: 'nora', password: PASSWORD },
    });
    assert.equal(crossLogin.statusCode, 403);
    const formLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ name: 'nora', password: PASSWORD }),
    });
    assert.equal(formLogin.statusCode, 415);
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/logout', headers: nora.headers });
    assert.equal(logout.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/overview', headers: nora.headers })).statusCode, 401, 'the session is gone');
  } finally {
    await t.close();
  }
});

test('site detail and CSV carry counts only', async () => {
  const t = await fleet();
  try {
    const ada = await login(t, 'ada');
    const detail = (await t.app.inject({ url: '/api/v1/sites/north', headers: ada.headers })).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(detail).sort(), [
      'categories',
      'daily',
      'devices',
      'doneMs',
      'errorHelp',
      'failures',
      'id',
      'name',
      'ok',
      'revoked',
      'safeMs',
    ]);
    const csv = await t.app.inject({ url: '/api/v1/sites/north/devices.csv', headers: ada.headers });
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^site,site_name,device,pc_label,platform,agent_version,last_seen_utc/);
    assert.match(lines[1]!, /^"north","","dev_[0-9a-f]{32}","","linux","0\.1\.0"/);
  } finally {
    await t.close();
  }
});
