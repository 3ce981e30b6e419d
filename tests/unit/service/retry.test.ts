/** The retry scheduler's backoff, jitter, cap and cancellation (no timing assertions). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY_DELAYS_MS, RetryScheduler } from '../../../main/agent/service/retry.js';
import type { JournalTarget } from '../../../main/agent/session/journal.js';

const target: JournalTarget = { kind: 'account', name: 'patron' };

test('backoff: 30 s, 2 min, 10 min, then capped at 1 h; jitter stays within ±20 %', () => {
  assert.deepEqual(RETRY_DELAYS_MS, [30_000, 120_000, 600_000, 3_600_000]);
  const low = new RetryScheduler({ retry: () => undefined, random: () => 0 });
  const high = new RetryScheduler({ retry: () => undefined, random: () => 0.999999 });
  const mid = new RetryScheduler({ retry: () => undefined, random: () => 0.5 });
  for (const [attempt, base] of [
    [0, 30_000],
    [1, 120_000],
    [2, 600_000],
    [3, 3_600_000],
    [9, 3_600_000],
  ] as const) {
    assert.equal(mid.delayFor(attempt), base);
    assert.equal(low.delayFor(attempt), base * 0.8);
    assert.ok(high.delayFor(attempt) <= base * 1.2 && high.delayFor(attempt) > base * 1.19);
  }
});

test('a failed wipe schedules one retry per target; a clean one or cancel() clears it and resets the backoff', () => {
  const ran: JournalTarget[] = [];
  const r = new RetryScheduler({ retry: (t) => ran.push(t), delaysMs: [60_000, 120_000], random: () => 0.5 });
  try {
    r.afterWipe('k1', target, true);
    r.afterWipe('k1', target, true); // a second failure replaces the timer, does not add one
    r.afterWipe('k2', { kind: 'roots', home: '/x/home', temp: [] }, true);
    assert.equal(r.pending, 2);
    r.afterWipe('k1', target, false);
    assert.equal(r.pending, 1);
    r.cancel('k2');
    assert.equal(r.pending, 0);
    assert.equal(ran.length, 0);
    r.stop();
    r.afterWipe('k1', target, true);
    assert.equal(r.pending, 0, 'a stopped scheduler schedules nothing');
  } finally {
    r.stop();
  }
});

test('the retry fires with the target and a throwing retry (no longer a patron) does not escape', async () => {
  const ran: JournalTarget[] = [];
  let thrown = 0;
  const r = new RetryScheduler({
    delaysMs: [5],
    retry: (t) => {
      ran.push(t);
      if (ran.length === 1) {
        thrown++;
        throw new Error('E_NOT_PATRON');
      }
    },
  });
  r.afterWipe('k', target, true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(ran, [target]);
  assert.equal(thrown, 1);
  assert.equal(r.pending, 0);
  r.afterWipe('k', target, true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(ran.length, 2);
  r.stop();
});
