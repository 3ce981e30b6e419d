/** The sender's backoff: exponential from 30 s, capped at 1 h, with ±50 % jitter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_CAP_MS, backoffMs } from '../../../main/agent/report/backoff.js';

test('the schedule doubles from 30 s and stops at 1 h (no jitter at 0.5)', () => {
  const mid = () => 0.5;
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffMs(n, mid)),
    [0, 30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000],
  );
});

test('jitter spreads each step over [0.5, 1.5) of it', () => {
  assert.equal(
    backoffMs(1, () => 0),
    15_000,
  );
  assert.equal(
    backoffMs(1, () => 0.999999),
    45_000,
  );
  assert.ok(backoffMs(40, () => 0.999999) < BACKOFF_CAP_MS * 1.5);
  const seen = new Set(Array.from({ length: 50 }, () => backoffMs(3)));
  assert.ok(seen.size > 10, 'random jitter by default');
  for (const v of seen) assert.ok(v >= 60_000 && v < 180_000);
});
