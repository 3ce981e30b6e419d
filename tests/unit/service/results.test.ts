/** Wipe results: totals and per-category counts, kept across an agent restart, newest 20 only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_KEPT, ResultStore, failedResult, resultOf } from '../../../main/agent/service/results.js';
import { wipeNowResultOf } from '../../../main/app/app-service.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';

const summary: WipeSummary = {
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  safeMs: 12,
  doneMs: 80,
  browsersClosed: 0,
  remaining: 0,
  categories: { cache: { items: 7, bytes: 7000 }, downloads: { items: 2, bytes: 30 }, history: undefined },
  failures: [{ category: 'cache', code: 'E_BUSY', count: 1 }],
};

test('a result sums the categories and keeps each one, counts only', () => {
  const r = resultOf(summary, 'manual', 123.4, new Date('2026-11-28T10:00:00Z'));
  assert.deepEqual(r, {
    at: '2026-11-28T10:00:00.000Z',
    trigger: 'manual',
    outcome: 'clean',
    items: 9,
    bytes: 7030,
    safeMs: 12,
    doneMs: 80,
    totalMs: 123,
    remaining: 0,
    failures: [{ category: 'cache', code: 'E_BUSY', count: 1 }],
    categories: { cache: { items: 7, bytes: 7000 }, downloads: { items: 2, bytes: 30 } },
  });
  assert.deepEqual(wipeNowResultOf(r).categories, r.categories, 'the staff window gets the category table');
  assert.equal(failedResult('manual', 'E_ACCOUNT_REFUSED', 5).categories, undefined);
  assert.equal(wipeNowResultOf(failedResult('idle', 'E_INTERNAL', 5)).categories, undefined);
});

test('the store keeps the newest 20 results, categories included, across a restart', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabula-results-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new ResultStore(dir);
  for (let i = 0; i < RESULTS_KEPT + 3; i++) store.add(resultOf(summary, 'logout', i));
  const again = new ResultStore(dir).all();
  assert.equal(again.length, RESULTS_KEPT);
  assert.equal(again[0]!.totalMs, 3, 'the oldest three were dropped');
  assert.deepEqual(again.at(-1)!.categories, { cache: { items: 7, bytes: 7000 }, downloads: { items: 2, bytes: 30 } });
});
