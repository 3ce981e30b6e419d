import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LOCKOUT, PinGate, UNLOCKED, isPinShaped, lockMsFor, recordFailure, retryAfterMs, type PinVerdict } from '../../../main/app/pin-lockout.js';

const GOOD = '24681357';

function gate(start = 1_000_000) {
  let now = start;
  const asked: string[] = [];
  const check = async (pin: string): Promise<PinVerdict> => {
    asked.push(pin);
    return pin === GOOD ? { ok: true, token: 'T'.repeat(32), expiresInSec: 300 } : { ok: false, wrong: true, failure: { ok: false, code: 'E_FORBIDDEN' } };
  };
  const g = new PinGate(check, DEFAULT_LOCKOUT, () => now);
  return { g, asked, advance: (ms: number) => (now += ms) };
}

test('lock time doubles per lockout from 60 s, capped at an hour', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 7, 50].map((n) => lockMsFor(n)), [0, 60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000]);
});

test('five failures lock; the count restarts after a lockout', () => {
  let s = { ...UNLOCKED };
  for (let i = 0; i < 4; i++) s = recordFailure(s, 0);
  assert.equal(retryAfterMs(s, 0), 0);
  s = recordFailure(s, 0);
  assert.deepEqual(s, { failures: 0, lockouts: 1, lockedUntil: 60_000 });
  for (let i = 0; i < 5; i++) s = recordFailure(s, 100_000);
  assert.equal(retryAfterMs(s, 100_000), 120_000);
});

test('PinGate: 5 wrong PINs lock; while locked the agent is not asked; the lock grows; a good PIN resets', async () => {
  const { g, asked, advance } = gate();
  for (let i = 0; i < 4; i++) assert.deepEqual(await g.unlock('0000'), { ok: false, code: 'E_FORBIDDEN' });
  assert.equal(g.triesLeft(), 1);
  assert.deepEqual(await g.unlock('0000'), { ok: false, code: 'E_FORBIDDEN', retryAfterMs: 60_000 });
  assert.equal(asked.length, 5);
  const locked = await g.unlock(GOOD);
  assert.equal(locked.ok, false);
  assert.equal(asked.length, 5, 'refused without asking the agent');
  advance(60_000);
  for (let i = 0; i < 4; i++) await g.unlock('1111');
  assert.deepEqual(await g.unlock('1111'), { ok: false, code: 'E_FORBIDDEN', retryAfterMs: 120_000 });
  advance(120_000);
  assert.deepEqual(await g.unlock(GOOD), { ok: true, expiresInSec: 300 });
  assert.equal(g.token(), 'T'.repeat(32));
  assert.equal(g.triesLeft(), 5);
  advance(300_000);
  assert.equal(g.token(), undefined, 'the token expires');
});

test('PinGate: an unreachable agent is not a wrong PIN; a malformed PIN is, without asking', async () => {
  const g = new PinGate(async () => ({ ok: false, wrong: false, failure: { ok: false, code: 'E_AGENT_UNAVAILABLE' } }));
  for (let i = 0; i < 10; i++) assert.deepEqual(await g.unlock('12345'), { ok: false, code: 'E_AGENT_UNAVAILABLE' });
  assert.equal(g.triesLeft(), 5);
  const { g: g2, asked } = gate();
  assert.deepEqual(await g2.unlock('12 4'), { ok: false, code: 'E_FORBIDDEN' });
  assert.deepEqual(await g2.unlock(42 as unknown as string), { ok: false, code: 'E_FORBIDDEN' });
  assert.equal(asked.length, 0);
  assert.equal(g2.triesLeft(), 3);
  g2.lock();
  assert.equal(g2.token(), undefined);
});

test('PIN shape matches `tabula config hash-pin`', () => {
  assert.deepEqual(['1234', 'abcd-1234', 'x'.repeat(64), '123', '12 34', '', 'x'.repeat(65)].map(isPinShaped), [true, true, true, false, false, false, false]);
});
