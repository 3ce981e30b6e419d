/**
 * POST /api/v1/enroll and /api/v1/reports through Fastify inject: exactly-once, and bad input
 * (malformed, oversized, extra field, wrong type, unauthenticated, ...) answered 4xx with nothing
 * stored and nothing of the request echoed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll, newToken, postReports, testApp } from '../../support/dashboard/app.js';
import { failedReport, makeBatch, makeReport } from '../../support/dashboard/batches.js';

const MARKER = `tabulamarker${Math.random().toString(16).slice(2, 10)}`;

test('enroll: a token gives one device credential, once', async () => {
  const t = await testApp();
  try {
    const token = await newToken(t.store, 'central');
    const body = { v: 1, token, agentVersion: '0.1.0', platform: 'linux' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: body });
    assert.equal(first.statusCode, 200);
    const json = first.json() as Record<string, string>;
    assert.match(json.credential!, /^tbd_[A-Za-z0-9_-]{43}$/);
    assert.match(json.deviceId!, /^dev_[0-9a-f]{32}$/);
    assert.equal(json.siteId, 'central');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: body });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'E_TOKEN_INVALID');
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { ...body, token: await newToken(t.store, 'central'), hostname: MARKER },
    });
    assert.equal(extra.statusCode, 400);
    assert.ok(!extra.body.includes(MARKER));
    assert.equal((await t.store.stats()).devices, 1);
  } finally {
    await t.close();
  }
});

test('reports: the same batch posted twice (a retry) is counted once', async () => {
  const t = await testApp();
  try {
    const d = await enroll(t, 'central');
    const batch = makeBatch(d, [makeReport({ wipes: 3, safeMs: { le250: 3 }, doneMs: { le1000: 3 } }), failedReport()]);
    const first = await postReports(t, d, JSON.stringify(batch));
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { ok: true, accepted: 2, duplicates: 0 });
    const retry = await postReports(t, d, JSON.stringify(batch));
    assert.deepEqual(retry.json(), { ok: true, accepted: 0, duplicates: 2 });
    const parallel = makeBatch(d, [makeReport()]);
    const results = await Promise.all(Array.from({ length: 5 }, () => postReports(t, d, JSON.stringify(parallel))));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [200, 200, 200, 200, 200],
    );
    assert.deepEqual(await t.store.stats(), { sites: 1, devices: 1, wipes: 5, failedWipes: 1, failures: 2 });
    const metrics = await t.app.inject({ url: '/metrics' });
    assert.match(metrics.body, /tabula_dashboard_reports_total\{result="accepted"\} 3/);
    assert.match(metrics.body, /tabula_dashboard_reports_total\{result="duplicate"\} 6/);
    assert.match(metrics.body, /tabula_fleet_wipes 5/);
  } finally {
    await t.close();
  }
});

test('bad input is answered 4xx, stores nothing and echoes nothing', async () => {
  const t = await testApp();
  try {
    const d = await enroll(t, 'central');
    const other = await enroll(t, 'north');
    const good = makeBatch(d, [makeReport()]);
    const withReport = (over: Record<string, unknown>) => ({ ...good, reports: [{ ...good.reports[0], ...over }] });
    const cases: [string, () => ReturnType<typeof postReports>, number][] = [
      ['malformed JSON', () => postReports(t, d, `{"v":1,"deviceId":"${MARKER}`), 400],
      ['oversized', () => postReports(t, d, JSON.stringify({ ...good, pad: MARKER.repeat(80_000) })), 413],
      ['extra top-level field', () => postReports(t, d, JSON.stringify({ ...good, note: MARKER })), 400],
      ['extra report field', () => postReports(t, d, JSON.stringify(withReport({ url: `https://${MARKER}.example/` }))), 400],
      ['extra category', () => postReports(t, d, JSON.stringify(withReport({ categories: { [MARKER]: { items: 1, bytes: 1 } } }))), 400],
      [
        'extra field in a category',
        () => postReports(t, d, JSON.stringify(withReport({ categories: { cache: { items: 1, bytes: 1, path: MARKER } } }))),
        400,
      ],
      ['wrong type', () => postReports(t, d, JSON.stringify(withReport({ wipes: '1' }))), 400],
      ['negative count', () => postReports(t, d, JSON.stringify(withReport({ categories: { cache: { items: -1, bytes: 1 } } }))), 400],
      ['finer than an hour', () => postReports(t, d, JSON.stringify(withReport({ hour: '2025-03-01T14:07:00Z' }))), 400],
      ['free-text trigger', () => postReports(t, d, JSON.stringify(withReport({ trigger: MARKER }))), 400],
      ['unknown version', () => postReports(t, d, JSON.stringify({ ...good, v: 2 })), 400],
      ['empty batch', () => postReports(t, d, JSON.stringify({ ...good, reports: [] })), 400],
      ['histogram not adding up', () => postReports(t, d, JSON.stringify(withReport({ safeMs: { le250: 2 } }))), 422],
      ['impossible date', () => postReports(t, d, JSON.stringify(withReport({ hour: '2025-02-30T10:00:00Z' }))), 422],
      ['hour in the future', () => postReports(t, d, JSON.stringify(withReport({ hour: '2099-01-01T00:00:00Z' }))), 422],
      ['duplicate key in a batch', () => postReports(t, d, JSON.stringify({ ...good, reports: [good.reports[0], good.reports[0]] })), 422],
      [
        'clean with failures',
        () => postReports(t, d, JSON.stringify(withReport({ failures: [{ category: 'cache', code: 'E_BUSY', count: 1 }] }))),
        422,
      ],
      ["another device's batch", () => postReports(t, other, JSON.stringify(good)), 403],
      ['no credential', () => t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: good }), 401],
      ['unknown credential', () => postReports(t, { ...d, credential: `tbd_${'A'.repeat(43)}` }, JSON.stringify(good)), 401],
      ['malformed credential', () => postReports(t, { ...d, credential: MARKER }, JSON.stringify(good)), 401],
      ['text/plain body', () => postReports(t, d, JSON.stringify(good), { 'content-type': 'text/plain' }), 415],
      ['form body', () => postReports(t, d, `a=${MARKER}`, { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      assert.equal(res.statusCode, status, `${name}: ${res.statusCode} ${res.body}`);
      const body = res.json() as { ok: boolean; code: string; message: string };
      assert.equal(body.ok, false, name);
      assert.match(body.code, /^E_[A-Z_]+$/, name);
      assert.ok(!res.body.includes(MARKER), `${name}: the answer echoes request content`);
    }
    assert.deepEqual(await t.store.stats(), { sites: 2, devices: 2, wipes: 0, failedWipes: 0, failures: 0 });
    assert.equal((await postReports(t, d, JSON.stringify(good))).statusCode, 200, 'the good batch is still accepted afterwards');
  } finally {
    await t.close();
  }
});

test('rate limits apply per device credential', async () => {
  const t = await testApp({ rateLimitPerMinute: 5 });
  try {
    const d = await enroll(t, 'central');
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await t.app.inject({ url: '/healthz' })).statusCode);
    assert.deepEqual(codes.slice(0, 4), [200, 200, 200, 200]);
    const limited = await t.app.inject({ url: '/healthz' });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'E_RATE_LIMITED');
    // Reports have their own, per-device bucket.
    assert.equal((await postReports(t, d, JSON.stringify(makeBatch(d, [makeReport()])))).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('healthz, metrics and security headers', async () => {
  const t = await testApp();
  try {
    const health = await t.app.inject({ url: '/healthz' });
    assert.deepEqual(health.json(), { ok: true, store: 'sqlite' });
    assert.equal(health.headers['x-content-type-options'], 'nosniff');
    assert.match(String(health.headers['content-security-policy']), /default-src 'self'/);
    const metrics = await t.app.inject({ url: '/metrics' });
    assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(metrics.body, /^# HELP tabula_dashboard_reports_total /m);
    assert.match(metrics.body, /^tabula_dashboard_up 1$/m);
    const missing = await t.app.inject({ url: `/nowhere/${MARKER}` });
    assert.equal(missing.statusCode, 404);
    assert.ok(!missing.body.includes(MARKER));
  } finally {
    await t.close();
  }
});
