import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IdleMachine } from '../../../main/agent/session/idle.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('idle state machine (fake clock)', () => {
  const config = { timeoutSec: 300, warningSec: 60 };

  test('reaches the countdown, a tick with small idleMs cancels it', () => {
    const c = clock();
    const idle = new IdleMachine(config, c.now);
    assert.equal(idle.state, 'disarmed');
    assert.deepEqual(idle.tick(0), []);
    c.advance(299_000);
    assert.deepEqual(idle.tick(299_000), []);
    assert.equal(idle.nextCheckAt(), c.now() + 1_000);
    c.advance(1_000);
    assert.deepEqual(idle.tick(300_000), [{ type: 'countdown-start', secondsLeft: 60 }]);
    c.advance(10_000);
    assert.equal(idle.secondsLeft(), 50);
    assert.deepEqual(idle.tick(310_000), []);
    assert.deepEqual(idle.tick(200), [{ type: 'countdown-cancel' }]);
    assert.equal(idle.state, 'watching');
    c.advance(360_000);
    assert.deepEqual(idle.check(), [{ type: 'countdown-start', secondsLeft: 60 }], 'a later idle stretch counts down again in full');
  });

  test('no tick → the clock alone starts the countdown, then expires', () => {
    const c = clock();
    const idle = new IdleMachine(config, c.now);
    idle.tick(5_000);
    c.advance(294_999);
    assert.deepEqual(idle.check(), []);
    c.advance(1);
    assert.deepEqual(idle.check(), [{ type: 'countdown-start', secondsLeft: 60 }]);
    c.advance(59_999);
    assert.deepEqual(idle.check(), []);
    c.advance(1);
    assert.deepEqual(idle.check(), [{ type: 'expire' }]);
    assert.equal(idle.state, 'expired');
    assert.deepEqual(idle.check(), [], 'expire is said once');
    assert.deepEqual(idle.tick(0), [], 'too late after expire');
    idle.reset();
    assert.equal(idle.state, 'disarmed');
  });

  test('a first tick already past the timeout still gives the full warning', () => {
    const c = clock();
    const idle = new IdleMachine(config, c.now);
    assert.deepEqual(idle.tick(900_000), [{ type: 'countdown-start', secondsLeft: 60 }]);
    c.advance(59_000);
    assert.deepEqual(idle.check(), []);
    c.advance(1_000);
    assert.deepEqual(idle.check(), [{ type: 'expire' }]);
  });

  test('disarmed (no app connected) never expires; disarm cancels a countdown', () => {
    const c = clock();
    const idle = new IdleMachine(config, c.now);
    c.advance(10_000_000);
    assert.deepEqual(idle.check(), []);
    idle.tick(300_000);
    assert.equal(idle.state, 'counting');
    assert.deepEqual(idle.disarm(), [{ type: 'countdown-cancel' }]);
    c.advance(10_000_000);
    assert.deepEqual(idle.check(), []);
  });

  test('warningSec 0 expires without countdown; timeoutSec 0 disables', () => {
    const c = clock();
    const noWarning = new IdleMachine({ timeoutSec: 60, warningSec: 0 }, c.now);
    noWarning.tick(0);
    c.advance(60_000);
    assert.deepEqual(noWarning.check(), [{ type: 'expire' }]);
    const off = new IdleMachine({ timeoutSec: 0, warningSec: 60 }, c.now);
    off.tick(1e9);
    assert.deepEqual(off.check(), []);
    assert.equal(off.nextCheckAt(), undefined);
  });

  test('invalid limits are refused', () => {
    assert.throws(() => new IdleMachine({ timeoutSec: -1, warningSec: 60 }), /idle.timeoutSec/);
    assert.throws(() => new IdleMachine({ timeoutSec: 60, warningSec: 1.5 }), /idle.warningSec/);
  });
});
