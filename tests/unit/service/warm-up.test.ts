/** The warm-up scheduler: one warm-up at a time, none while busy, ended by a wipe, stopped with the agent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SPACING, WARM_EVERY_MS, WarmUps } from '../../../main/agent/service/warm-up.js';

/** A warm-up that takes `ms` (checking `stop` as the plan's pacer does) and records how it ended. */
function recorder(ms = 5) {
  const log: Array<{ account: string; ended: 'done' | 'stopped' }> = [];
  let inFlight = 0;
  let most = 0;
  const warm = async (account: string, stop: () => boolean) => {
    const started = performance.now();
    inFlight++;
    most = Math.max(most, inFlight);
    try {
      for (let t = 0; t < ms; t++) {
        await sleep(1);
        if (stop()) {
          log.push({ account, ended: 'stopped' });
          throw new Error('stopped');
        }
      }
      log.push({ account, ended: 'done' });
      return performance.now() - started;
    } finally {
      inFlight--;
    }
  };
  return { log, warm, most: () => most };
}

test('an open session is warmed repeatedly, one warm-up at a time; a wipe of it ends them', async () => {
  assert.equal(WARM_EVERY_MS, 30_000);
  const r = recorder(3);
  let warmed = 0;
  const w = new WarmUps({ everyMs: 10, spacing: 0, warm: r.warm, busy: () => false, onWarm: () => warmed++ });
  w.sessionStarted('a', 'patron-a');
  w.sessionStarted('b', 'patron-b');
  assert.equal(w.active, 2);
  await sleep(120);
  assert.ok(warmed >= 3, `warm-ups ran: ${warmed}`);
  assert.equal(r.most(), 1, 'never two at once');
  assert.ok(r.log.some((l) => l.account === 'patron-a') && r.log.some((l) => l.account === 'patron-b'));
  w.wipeRequested('a');
  assert.equal(w.active, 1);
  await sleep(20);
  const count = r.log.filter((l) => l.account === 'patron-a').length;
  await sleep(60);
  assert.equal(r.log.filter((l) => l.account === 'patron-a').length, count, 'no warm-up of a wiped session');
  w.stop();
  assert.equal(w.active, 0);
  const after = r.log.length;
  await sleep(40);
  assert.ok(r.log.length <= after + 1, 'nothing starts after stop');
});

test('a warm-up in progress gives way to a wipe of any target, and none starts while busy', async () => {
  const r = recorder(200);
  let busy = false;
  const w = new WarmUps({ everyMs: 5, spacing: 0, warm: r.warm, busy: () => busy });
  try {
    w.sessionStarted('a', 'patron-a');
    w.sessionStarted('b', 'patron-b');
    await sleep(30);
    busy = true;
    w.wipeRequested('b');
    await sleep(20);
    assert.deepEqual(
      r.log.map((l) => l.ended),
      ['stopped'],
      'the warm-up in progress stopped at its next pause',
    );
    await sleep(50);
    assert.equal(r.log.length, 1, 'no warm-up while a wipe runs or waits');
  } finally {
    w.stop();
  }
});

test('everyMs 0 turns warm-ups off', async () => {
  const r = recorder(1);
  const w = new WarmUps({ everyMs: 0, warm: r.warm, busy: () => false });
  w.sessionStarted('a', 'patron-a');
  assert.equal(w.active, 0);
  await sleep(20);
  assert.equal(r.log.length, 0);
});

test('a long warm-up spaces the next one out: at least SPACING times its duration', async () => {
  assert.equal(SPACING, 100);
  const r = recorder(20);
  const took: number[] = [];
  const w = new WarmUps({ everyMs: 5, warm: r.warm, busy: () => false, onWarm: (ms) => took.push(ms) });
  try {
    w.sessionStarted('a', 'patron-a');
    assert.equal(w.gapOf('a'), 5);
    while (took.length === 0) await sleep(5);
    assert.ok((took[0] as number) >= 20);
    assert.ok((w.gapOf('a') as number) >= 100 * (took[0] as number), `gap ${w.gapOf('a')} after ${took[0]} ms`);
    await sleep(300);
    assert.equal(took.length, 1, 'no second warm-up within the gap');
  } finally {
    w.stop();
  }
});
