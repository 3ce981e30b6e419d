/** The CLI's wipe summary: one item is "1 item", one process "1 browser process"; columns stay aligned. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSummary, whatRemains } from '../../../main/agent/cli/output.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';

const summary = (over: Partial<WipeSummary>): WipeSummary => ({
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  categories: {},
  failures: [],
  safeMs: 5,
  doneMs: 9,
  browsersClosed: 0,
  remaining: 0,
  ...over,
});

test('counts of one are singular, others plural, and the table columns line up', () => {
  const text = renderSummary(
    summary({ categories: { cookies: { items: 1, bytes: 10 }, history: { items: 12, bytes: 2048 } }, browsersClosed: 1 }),
    'Wiped',
  );
  const rows = text.split('\n').filter((l) => / items? /.test(l));
  assert.equal(rows.length, 2, text);
  assert.match(rows[0]!, /^ {2}cookies +1 item  +10 B$/);
  assert.match(rows[1]!, /^ {2}history +12 items +2\.0 KiB$/);
  assert.equal(rows[0]!.length, rows[1]!.length, 'same width');
  assert.match(text, /closed 1 browser process first/);
  const partial = renderSummary(
    summary({ outcome: 'partial', remaining: 1, browsersClosed: 2, failures: [{ category: 'cookies', code: 'E_REMAINING', count: 1 }] }),
    'Wiped',
  );
  assert.match(partial, /outcome: partial \(1 item remains\)/);
  assert.match(partial, /closed 2 browser processes first/);
  assert.equal(whatRemains([], 3), 'NOT safe for the next patron: 3 items remain');
  assert.equal(whatRemains([], 1), 'NOT safe for the next patron: 1 item remains');
});
