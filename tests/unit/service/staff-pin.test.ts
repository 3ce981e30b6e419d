/** StaffAuth with a fake clock: five wrong PINs lock for 30 s, then 60 s, 120 s … capped; a good PIN resets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StaffAuth, StaffLockedError, hashPin, staffLockMs, verifyPin } from '../../../main/agent/service/staff-pin.js';

const PIN = '24681357';
const HASH = hashPin(PIN);

function auth(options: ConstructorParameters<typeof StaffAuth>[0] = {}) {
  let now = 5_000_000;
  const a = new StaffAuth({ ...options, now: () => now });
  return { a, advance: (ms: number) => (now += ms) };
}

/** Four wrong PINs (undefined each), then the fifth: its answer. */
function fiveWrong(a: StaffAuth) {
  for (let i = 0; i < 4; i++) assert.equal(a.unlock('0000', HASH), undefined, `wrong PIN ${i + 1} is just wrong`);
  return a.unlock('0000', HASH);
}

test('lock times double from 30 s and stop at an hour', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 7, 8, 60].map((n) => staffLockMs(n)),
    [0, 30_000, 60_000, 120_000, 240_000, 480_000, 1_920_000, 3_600_000, 3_600_000],
  );
  assert.equal(staffLockMs(3, { lockMs: 1000, maxLockMs: 2500 }), 2500);
});

test('the 5th wrong PIN locks; a good PIN is refused while locked and accepted after', () => {
  const { a, advance } = auth();
  assert.deepEqual(fiveWrong(a), { locked: true, retryAfterSec: 30 });
  advance(12_400);
  assert.deepEqual(a.unlock(PIN, HASH), { locked: true, retryAfterSec: 18 }, 'the good PIN during the lock');
  assert.equal(a.retryAfterSec(), 18);
  advance(17_599);
  assert.deepEqual(a.unlock(PIN, HASH), { locked: true, retryAfterSec: 1 }, 'one millisecond before the end');
  advance(1);
  const ok = a.unlock(PIN, HASH);
  assert.ok(ok && 'token' in ok && ok.expiresInSec === 300);
  assert.equal(a.isValid(ok.token), true);
});

test('each further lockout doubles, up to the cap; a good PIN starts again at 30 s', () => {
  const { a, advance } = auth({ maxLockMs: 240_000 });
  const seen: number[] = [];
  for (let n = 0; n < 6; n++) {
    const r = fiveWrong(a);
    assert.ok(r && 'locked' in r);
    seen.push(r.retryAfterSec);
    advance(r.retryAfterSec * 1000);
  }
  assert.deepEqual(seen, [30, 60, 120, 240, 240, 240]);
  assert.ok(a.unlock(PIN, HASH));
  assert.deepEqual(fiveWrong(a), { locked: true, retryAfterSec: 30 }, 'the good PIN forgot the lockouts');
});

test('a day without a wrong PIN forgets the past lockouts and failures', () => {
  const { a, advance } = auth();
  fiveWrong(a);
  advance(30_000);
  assert.equal(a.unlock('0000', HASH), undefined);
  assert.equal(a.unlock('0000', HASH), undefined);
  advance(86_400_000);
  assert.deepEqual(fiveWrong(a), { locked: true, retryAfterSec: 30 }, 'not 60 s, and the two old failures did not count');
});

test('the lock is the agent error E_LOCKED with the seconds, never the PIN', () => {
  const e = new StaffLockedError(42);
  assert.equal(e.code, 'E_LOCKED');
  assert.equal(e.retryAfterSec, 42);
  assert.ok(!e.message.includes('42') && !e.message.includes(PIN));
});

test('tokens expire; a damaged hash never verifies', () => {
  const { a, advance } = auth({ tokenTtlMs: 1000 });
  const ok = a.unlock(PIN, HASH);
  assert.ok(ok && 'token' in ok);
  advance(1000);
  assert.equal(a.isValid(ok.token), false);
  assert.equal(verifyPin(PIN, undefined), false);
  assert.equal(verifyPin(PIN, HASH.replace(/\$[^$]+$/, '$AAAA')), false);
});
