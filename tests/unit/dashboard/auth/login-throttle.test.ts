/**
 * Login throttling (issue 9, "also seen"): failures slow guesses for one name from one address
 * exponentially; they never lock the real user out from another address, and failures for other
 * names from a shared address (a library's NAT) never lock out the admin there. Through Fastify
 * `inject` with SQLite, on a clock the test moves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, PASSWORD, testApp, type TestApp } from '../../../support/dashboard/app.js';

async function app(): Promise<TestApp & { clock: { now: number } }> {
  const clock = { now: Date.UTC(2026, 0, 5, 9) };
  const t = await testApp({ now: () => clock.now });
  await addUser(t.store, 'ada', 'admin');
  return { ...t, clock };
}

const attempt = (t: TestApp, name: string, password: string, from: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name, password }, remoteAddress: from });

test("failures for the admin's name from one address do not lock the admin out from another", async () => {
  const t = await app();
  try {
    for (let i = 0; i < 8; i++) assert.notEqual((await attempt(t, 'ada', `guess ${i}`, '203.0.113.7')).statusCode, 200);
    assert.equal((await attempt(t, 'ada', PASSWORD, '198.51.100.2')).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('failures for other names from a shared address do not lock out the admin at that address', async () => {
  const t = await app();
  try {
    for (let i = 0; i < 8; i++) assert.equal((await attempt(t, `someone${i}`, 'wrong password', '192.0.2.10')).statusCode, 401);
    assert.equal((await attempt(t, 'ada', PASSWORD, '192.0.2.10')).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('one name from one address: 3 free failures, then each attempt waits twice as long; a success clears it', async () => {
  const t = await app();
  const from = '203.0.113.9';
  try {
    for (let i = 0; i < 3; i++) assert.equal((await attempt(t, 'ada', `guess ${i}`, from)).statusCode, 401);
    const first = await attempt(t, 'ada', PASSWORD, from);
    assert.equal(first.statusCode, 429, 'even the right password waits');
    assert.equal(first.json().code, 'E_RATE_LIMITED');
    const wait1 = Number(first.headers['retry-after']);
    assert.ok(wait1 >= 1);
    t.clock.now += wait1 * 1000;
    assert.equal((await attempt(t, 'ada', 'guess 4', from)).statusCode, 401);
    const second = await attempt(t, 'ada', PASSWORD, from);
    assert.equal(second.statusCode, 429);
    const wait2 = Number(second.headers['retry-after']);
    assert.ok(wait2 >= 2 * wait1, `the delay doubles (${wait1} s, then ${wait2} s)`);
    t.clock.now += wait1 * 1000;
    assert.equal((await attempt(t, 'ada', PASSWORD, from)).statusCode, 429, 'not yet');
    t.clock.now += wait2 * 1000;
    assert.equal((await attempt(t, 'ada', PASSWORD, from)).statusCode, 200);
    assert.equal((await attempt(t, 'ada', 'guess 5', from)).statusCode, 401, 'cleared by the success');
    assert.equal((await attempt(t, 'ada', PASSWORD, from)).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('guesses for one name from many addresses slow that name for new addresses, not where its user logged in before', async () => {
  const t = await app();
  try {
    assert.equal((await attempt(t, 'ada', PASSWORD, '198.51.100.2')).statusCode, 200, "the admin's usual address");
    for (let i = 0; i < 30; i++) await attempt(t, 'ada', `guess ${i}`, `10.9.${i}.1`);
    const fresh = await attempt(t, 'ada', PASSWORD, '10.10.0.1');
    assert.equal(fresh.statusCode, 429, 'a new address waits');
    assert.ok(Number(fresh.headers['retry-after']) <= 60, 'a bounded wait, never a lock');
    assert.equal((await attempt(t, 'ada', PASSWORD, '198.51.100.2')).statusCode, 200, 'the admin is not denied');
  } finally {
    await t.close();
  }
});

test('a flood of new names does not reset the delay of a name under attack', async () => {
  const { LoginThrottle } = await import('../../../../dashboard/server/auth/login-throttle.js');
  const throttle = new LoginThrottle({ maxEntries: 1000 });
  const now = Date.UTC(2026, 0, 5, 9);
  const ada = { name: 'ada', ip: '203.0.113.9' };
  for (let i = 0; i < 6; i++) throttle.fail(ada, now);
  const before = throttle.waitMs(ada, now);
  assert.ok(before > 0);
  for (let i = 0; i < 5000; i++) throttle.fail({ name: `name${i}`, ip: '203.0.113.9' }, now);
  assert.equal(throttle.waitMs(ada, now), before, 'still waiting as long');
});
