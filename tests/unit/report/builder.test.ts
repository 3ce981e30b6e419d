/** Report builder: counts only, schema-valid, hour buckets, merge, and batches the schema refuses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBatch, buildReport, configHashOf, hourBucket, isBatchValid, mergeReports } from '../../../main/agent/report/builder.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';

const SUMMARY: WipeSummary = {
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  safeMs: 180,
  doneMs: 2_600,
  browsersClosed: 1,
  remaining: 0,
  categories: { history: { items: 3, bytes: 4096 }, downloads: { items: 2, bytes: 10 } },
  failures: [],
};
const HEADER = { deviceId: `dev_${'a'.repeat(32)}`, siteId: 'central', agentVersion: '0.1.0', configHash: configHashOf({}) };
const NOW = Date.UTC(2025, 2, 1, 14, 37, 12, 345);

test('one wipe → one report of counts, buckets and codes only', () => {
  const r = buildReport(SUMMARY, 'logout', NOW);
  assert.match(r.key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(r.hour, '2025-03-01T14:00:00Z');
  assert.deepEqual(
    { ...r, key: 'k' },
    {
      key: 'k',
      hour: '2025-03-01T14:00:00Z',
      trigger: 'logout',
      outcome: 'clean',
      wipes: 1,
      categories: { history: { items: 3, bytes: 4096 }, downloads: { items: 2, bytes: 10 } },
      safeMs: { le250: 1 },
      doneMs: { le5000: 1 },
      failures: [],
    },
  );
  assert.ok(isBatchValid({ v: 1, ...HEADER, reports: [r] }));
  assert.notEqual(buildReport(SUMMARY, 'logout', NOW).key, r.key, 'a fresh key per report');
});

test('failures: pairs merged, unknown categories and codes left out; a dry run is refused', () => {
  const r = buildReport(
    {
      ...SUMMARY,
      outcome: 'partial',
      failures: [
        { category: 'cache', code: 'E_BUSY', count: 2 },
        { category: 'cache', code: 'E_BUSY', count: 1 },
        { category: '/home/x' as never, code: 'E_PERM', count: 1 },
        { category: 'history', code: 'nope' as never, count: 1 },
      ],
    },
    'idle',
    NOW,
  );
  assert.deepEqual(r.failures, [{ category: 'cache', code: 'E_BUSY', count: 3 }]);
  assert.throws(() => buildReport({ ...SUMMARY, dryRun: true }, 'manual', NOW), { code: 'E_BAD_REQUEST' });
  assert.throws(() => buildReport(SUMMARY, 'patron-name' as never, NOW), { code: 'E_BAD_REQUEST' });
});

test('hour buckets are UTC whole hours; config hash ignores key order', () => {
  assert.equal(hourBucket(Date.UTC(2025, 11, 31, 23, 59, 59, 999)), '2025-12-31T23:00:00Z');
  assert.equal(configHashOf({ a: 1, b: [1, { c: 2, d: 3 }] }), configHashOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.match(configHashOf(undefined), /^[0-9a-f]{64}$/);
});

test('merge adds counts and histograms under a fresh key, and refuses mixed hours', () => {
  const a = buildReport(SUMMARY, 'logout', NOW);
  const b = buildReport({ ...SUMMARY, safeMs: 90_000, categories: { cookies: { items: 1, bytes: 1 } } }, 'logout', NOW + 60_000);
  const m = mergeReports([a, b]);
  assert.notEqual(m.key, a.key);
  assert.notEqual(m.key, b.key);
  assert.equal(m.wipes, 2);
  assert.deepEqual(m.categories, {
    history: { items: 3, bytes: 4096 },
    downloads: { items: 2, bytes: 10 },
    cookies: { items: 1, bytes: 1 },
  });
  assert.deepEqual(m.safeMs, { le250: 1, le300000: 1 });
  assert.deepEqual(m.doneMs, { le5000: 2 });
  assert.ok(isBatchValid({ v: 1, ...HEADER, reports: [m] }));
  assert.throws(() => mergeReports([a, buildReport(SUMMARY, 'logout', NOW + 3_600_000)]), { code: 'E_INTERNAL' });
  assert.throws(() => mergeReports([a, buildReport(SUMMARY, 'idle', NOW)]), { code: 'E_INTERNAL' });
});

test('batches the schema refuses are never built', () => {
  const r = buildReport(SUMMARY, 'logout', NOW);
  assert.ok(buildBatch(HEADER, [r]));
  assert.throws(() => buildBatch({ ...HEADER, siteId: 'Central Library' }, [r]), { code: 'E_INTERNAL' });
  assert.throws(() => buildBatch(HEADER, [{ ...r, note: '/home/patron' } as never]), { code: 'E_INTERNAL' });
  assert.throws(() => buildBatch(HEADER, []), { code: 'E_INTERNAL' });
  assert.throws(() => buildBatch({ ...HEADER, host: 'pc-12' } as never, [r]), { code: 'E_INTERNAL' });
});
