import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PinGate, isPinShaped, type PinVerdict } from '../../../main/app/pin-lockout.js';

const GOOD = '24681357';

/** A stand-in agent: refuses with E_LOCKED for `lockMs` after every 3rd wrong PIN. */
function gate(lockMs = 30_000) {
  let now = 1_000_000;
  let wrong = 0;
  const asked: string[] = [];
  const check = async (pin: string): Promise<PinVerdict> => {
    asked.push(pin);
    if (pin === GOOD) return { ok: true, token: 'T'.repeat(32), expiresInSec: 300 };
    if (++wrong % 3 === 0) return { ok: false, wrong: false, failure: { ok: false, code: 'E_LOCKED', retryAfterMs: lockMs } };
    return { ok: false, wrong: true, failure: { ok: false, code: 'E_FORBIDDEN' } };
  };
  const g = new PinGate(check, () => now);
  return { g, asked, advance: (ms: number) => (now += ms) };
}

test("PinGate mirrors the agent's lock: refused at once, without asking, until the agent's time is over", async () => {
  const { g, asked, advance } = gate();
  assert.deepEqual(await g.unlock('0000'), { ok: false, code: 'E_FORBIDDEN' });
  assert.deepEqual(await g.unlock('0000'), { ok: false, code: 'E_FORBIDDEN' });
  assert.deepEqual(await g.unlock('0000'), { ok: false, code: 'E_LOCKED', retryAfterMs: 30_000 });
  advance(10_000);
  assert.deepEqual(await g.unlock(GOOD), { ok: false, code: 'E_LOCKED', retryAfterMs: 20_000 }, 'a good PIN too');
  assert.equal(asked.length, 3, 'refused without asking the agent');
  assert.equal(g.token(), undefined);
  advance(20_000);
  assert.equal(g.retryAfterMs(), 0);
  assert.deepEqual(await g.unlock(GOOD), { ok: true, expiresInSec: 300 });
  assert.equal(g.token(), 'T'.repeat(32));
  advance(300_000);
  assert.equal(g.token(), undefined, 'the token expires');
});

test('PinGate: an unreachable agent is passed on, never a lock; a malformed PIN is wrong without asking', async () => {
  const g = new PinGate(async () => ({ ok: false, wrong: false, failure: { ok: false, code: 'E_AGENT_UNAVAILABLE' } }));
  for (let i = 0; i < 10; i++) assert.deepEqual(await g.unlock('12345'), { ok: false, code: 'E_AGENT_UNAVAILABLE' });
  assert.equal(g.retryAfterMs(), 0);
  const { g: g2, asked } = gate();
  assert.deepEqual(await g2.unlock('12 4'), { ok: false, code: 'E_FORBIDDEN' });
  assert.deepEqual(await g2.unlock(42 as unknown as string), { ok: false, code: 'E_FORBIDDEN' });
  assert.equal(asked.length, 0);
  // E_LOCKED without a time (an older agent) is shown as it is, and does not lock the app.
  const g3 = new PinGate(async () => ({ ok: false, wrong: false, failure: { ok: false, code: 'E_LOCKED' } }));
  assert.deepEqual(await g3.unlock('12345'), { ok: false, code: 'E_LOCKED' });
  assert.equal(g3.retryAfterMs(), 0);
  g2.lock();
  assert.equal(g2.token(), undefined);
});

test('PIN shape matches `tabula config hash-pin`', () => {
  assert.deepEqual(['1234', 'abcd-1234', 'x'.repeat(64), '123', '12 34', '', 'x'.repeat(65)].map(isPinShaped), [
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
});
