/**
 * The shared API schema (dashboard/api/schema.ts) is what the staff routes really answer: every
 * answer checks against the schema the web UI takes its types from, and the response serializer
 * drops nothing the store gave (the overview and site answers equal the store's values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import * as S from '../../../dashboard/api/schema.js';
import { addUser, enroll, login, postReports, testApp } from '../../support/dashboard/app.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';

const DAY = 86_400_000;
const SILENT_MS = 72 * 3_600_000;

test('every staff answer matches its shared schema, and the serializer keeps every field', async () => {
  const now = Date.now();
  const t = await testApp({ now: () => now });
  try {
    await addUser(t.store, 'ada', 'admin');
    const a = await enroll(t, 'north');
    const b = await enroll(t, 'north');
    const res1 = await postReports(
      t,
      a,
      JSON.stringify(
        makeBatch(a, [makeReport({ hour: hourOf(now - DAY), wipes: 3, safeMs: { le250: 3 }, doneMs: { le1000: 3 } }), failedReport()]),
      ),
    );
    assert.equal(res1.statusCode, 200, res1.body);
    const ada = await login(t, 'ada');
    const headers = { ...ada.headers, 'content-type': 'application/json' };
    const call = async (schema: TSchema, method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      const body: unknown = res.json();
      assert.ok(Value.Check(schema, body), `${url}: ${JSON.stringify([...Value.Errors(schema, body)].slice(0, 3).map((e) => e.path))}`);
      return body as Record<string, unknown>;
    };

    await call(S.Me, 'GET', '/api/v1/session');
    const overview = await call(S.Overview, 'GET', '/api/v1/overview?days=30');
    const site = await call(S.SiteDetail, 'GET', '/api/v1/sites/north?days=30');
    const window = { now, silentAfterMs: SILENT_MS, days: 30 };
    const without = (o: Record<string, unknown>, ...keys: string[]) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
    const overviewRest = without(overview, 'ok');
    assert.deepEqual(overviewRest, JSON.parse(JSON.stringify(await t.store.overview(null, window))));
    const siteRest = without(site, 'ok', 'errorHelp');
    const errorHelp = site.errorHelp;
    assert.deepEqual(siteRest, JSON.parse(JSON.stringify(await t.store.siteDetail('north', window))));
    assert.ok(Object.keys(errorHelp as object).length > 0, 'the failed report brings error help');
    assert.equal((siteRest.devices as unknown[]).length, 2);

    const token = await call(S.TokenCreated, 'POST', '/api/v1/sites/north/tokens', { uses: 2, expiresHours: 3 });
    await call(S.TokenList, 'GET', '/api/v1/sites/north/tokens');
    await call(S.TokenRevoked, 'POST', `/api/v1/sites/north/tokens/${String(token.id)}/revoke`, {});
    await call(S.DeviceRenamed, 'POST', `/api/v1/devices/${a.id}/label`, { label: 'PC-1' });
    await call(S.SiteNamed, 'POST', '/api/v1/sites/north/name', { name: 'North' });
    const hook = await call(S.ChannelAdded, 'POST', '/api/v1/sites/north/alert-channels', {
      kind: 'webhook',
      url: 'https://hooks.invalid/x',
    });
    assert.equal(typeof hook.hmacKey, 'string', 'the webhook key is answered once');
    const mail = await call(S.ChannelAdded, 'POST', '/api/v1/sites/north/alert-channels', {
      kind: 'email',
      host: 'smtp.invalid',
      port: 587,
      from: 'a@mail.invalid',
      to: ['b@mail.invalid'],
      password: 'not-shown',
    });
    assert.equal(mail.hmacKey, undefined, 'an e-mail channel has no HMAC key');
    const channels = await call(S.ChannelList, 'GET', '/api/v1/sites/north/alert-channels');
    assert.equal((channels.channels as unknown[]).length, 2);
    await call(S.Done, 'POST', `/api/v1/sites/north/alert-channels/${String((hook.channel as { id: string }).id)}/remove`, {});
    await call(S.DeviceRevoked, 'POST', `/api/v1/devices/${b.id}/revoke`, {});
    const after = await call(S.SiteDetail, 'GET', '/api/v1/sites/north');
    assert.equal((after.revoked as unknown[]).length, 1);
    await call(S.Done, 'POST', '/api/v1/logout', {});
  } finally {
    await t.close();
  }
});

test('the CSV export validates ?days like the site page (a bad value was a 500)', async () => {
  const t = await testApp();
  try {
    await addUser(t.store, 'ada', 'admin');
    await enroll(t, 'north');
    const ada = await login(t, 'ada');
    const csv = (query: string) => t.app.inject({ url: `/api/v1/sites/north/devices.csv${query}`, headers: ada.headers });
    assert.equal((await csv('')).statusCode, 200);
    assert.equal((await csv('?days=30')).statusCode, 200);
    const bad = await csv('?days=abc');
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { code: string }).code, 'E_BAD_REQUEST');
  } finally {
    await t.close();
  }
});
