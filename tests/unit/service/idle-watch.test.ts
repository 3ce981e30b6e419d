/** The agent's idle watch decisions, with a fake clock and in-memory connections. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from '../../../main/agent/ipc/server.js';
import { IdleWatch, idleConfigOf, type IdleClock } from '../../../main/agent/service/idle-watch.js';
import type { CountdownInfo, IpcEvent } from '../../../protocol/ipc.js';
import { memoryLog } from '../../support/agent-run.js';

/** A clock whose timers fire only when the test advances it. */
function fakeClock(start = 1_000_000) {
  let now = start;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: IdleClock = {
    now: () => now,
    setTimer: (fn, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}

function connection(endpoint: 'patron' | 'privileged' = 'patron', watching = true) {
  const sent: CountdownInfo[] = [];
  const closers = new Set<() => void>();
  let closed = false;
  const c: Connection & { close(): void; sent: CountdownInfo[] } = {
    endpoint,
    watching,
    sent,
    get closed() {
      return closed;
    },
    send: (e: IpcEvent) => void (e.event === 'countdown' && sent.push(e.countdown)),
    onClose: (l) => {
      closers.add(l);
      return () => void closers.delete(l);
    },
    close: () => {
      closed = true;
      for (const l of closers) l();
    },
  };
  return c;
}

function setup(open = new Set(['patron']), patrons = ['patron', 'other']) {
  const c = fakeClock();
  const calls: string[] = [];
  const log = memoryLog();
  const watch = new IdleWatch({
    config: () => ({ timeoutSec: 60, warningSec: 10 }),
    patrons: () => patrons,
    isOpen: (a) => open.has(a),
    endOsSession: async (a) => void calls.push(`logout:${a}`),
    wipe: async (a) => void calls.push(`wipe:${a}`),
    log,
    clock: c.clock,
  });
  return { ...c, calls, log, watch, open };
}

test('countdown at the timeout, cancelled by input, expired without ticks: logout then wipe', async () => {
  const s = setup();
  const app = connection();
  s.watch.tick(app, 0, 'patron');
  assert.equal(s.watch.state('patron'), 'watching');
  s.advance(59_990);
  assert.equal(app.sent.length, 0);
  s.advance(20);
  assert.deepEqual(app.sent, [{ state: 'counting', secondsLeft: 10, totalSeconds: 10 }], 'the timer, not a tick, started it');
  s.advance(4_000);
  s.watch.tick(app, 100, 'patron');
  assert.deepEqual(app.sent.at(-1), { state: 'cancelled' });
  s.advance(60_000 + 10_000 + 100);
  assert.deepEqual(
    app.sent.map((e) => e.state),
    ['counting', 'cancelled', 'counting', 'expired'],
  );
  await s.watch.settled();
  assert.deepEqual(s.calls, ['logout:patron', 'wipe:patron']);
  assert.equal(s.watch.state('patron'), 'disarmed', 'forgotten after expiry: a new session starts afresh');
  assert.equal(s.pending(), 0, 'no timer left');
  assert.ok(!s.log.lines.join('\n').includes('patron'), 'no account name in the log');
});

test('the logout failing still wipes; a missing logout hook too', async () => {
  const failing = async () => {
    throw Object.assign(new Error('no'), { code: 'EPERM' });
  };
  for (const [endOsSession, code] of [
    [failing, 'E_PERM'],
    [undefined, 'E_UNSUPPORTED'],
  ] as const) {
    const c = fakeClock();
    const calls: string[] = [];
    const log = memoryLog();
    const watch = new IdleWatch({
      config: () => ({ timeoutSec: 60, warningSec: 10 }),
      patrons: () => ['patron'],
      isOpen: () => true,
      endOsSession,
      wipe: async (a) => void calls.push(`wipe:${a}`),
      log,
      clock: c.clock,
    });
    const app = connection();
    watch.tick(app, 120_000, 'patron'); // already past the timeout: the full warning all the same
    c.advance(9_999);
    assert.equal(calls.length, 0);
    c.advance(10);
    await watch.settled();
    assert.deepEqual(
      app.sent.map((e) => e.state),
      ['counting', 'expired'],
    );
    assert.deepEqual(calls, ['wipe:patron']);
    assert.ok(
      log.lines.some((l) => l.includes('idle.expired') && l.includes(`"logout":"${code}"`)),
      log.lines.join('\n'),
    );
  }
});

test('the last app closing disarms (a countdown is cancelled); another app keeps it going', async () => {
  const s = setup();
  const a = connection();
  const b = connection();
  s.watch.tick(a, 61_000, 'patron');
  s.watch.tick(b, 61_000, 'patron');
  assert.deepEqual(
    a.sent.map((e) => e.state),
    ['counting'],
  );
  assert.deepEqual(b.sent, [{ state: 'counting', secondsLeft: 10, totalSeconds: 10 }], 'a second app joins the running countdown');
  a.close();
  assert.equal(s.watch.state('patron'), 'counting');
  b.close();
  assert.equal(s.watch.state('patron'), 'disarmed');
  assert.equal(s.pending(), 0);
  s.advance(3_600_000);
  await s.watch.settled();
  assert.deepEqual(s.calls, [], 'nobody logged out');
});

test('which account: a named patron; else the single open one; never a non-patron or a closed session', async () => {
  const s = setup(new Set(['patron']));
  const app = connection();
  s.watch.tick(app, 120_000, 'stranger');
  s.watch.tick(app, 120_000, 'other'); // a patron, but no open session
  assert.equal(s.watch.state('other'), 'disarmed');
  assert.equal(app.sent.length, 0);
  s.watch.tick(app, 120_000); // no account: the one open patron session
  assert.equal(s.watch.state('patron'), 'counting');
  s.open.add('other');
  s.watch.tick(app, 0); // two open sessions and no account: ambiguous, ignored
  assert.equal(s.watch.state('patron'), 'counting');
  s.open.delete('patron'); // wiped / logged out elsewhere: the countdown is dropped at the next wake-up
  s.advance(10_010);
  assert.equal(s.watch.state('patron'), 'disarmed');
  assert.deepEqual(
    app.sent.map((e) => e.state),
    ['counting', 'cancelled'],
  );
  s.advance(3_600_000);
  await s.watch.settled();
  assert.deepEqual(s.calls, []);
});

test('a finished wipe (refresh) drops a countdown whose session closed', () => {
  const s = setup();
  const app = connection();
  s.watch.tick(app, 120_000, 'patron');
  s.watch.refresh();
  assert.equal(s.watch.state('patron'), 'counting', 'still open: kept');
  s.open.delete('patron');
  s.watch.refresh();
  assert.equal(s.watch.state('patron'), 'disarmed');
  assert.deepEqual(
    app.sent.map((e) => e.state),
    ['counting', 'cancelled'],
  );
  assert.equal(s.pending(), 0);
});

test('only a watching patron-channel connection arms; other ticks still count as input', () => {
  const s = setup();
  s.watch.tick(connection('patron', false), 120_000, 'patron');
  s.watch.tick(connection('privileged', true), 120_000, 'patron');
  assert.equal(s.watch.state('patron'), 'disarmed');
  assert.equal(s.pending(), 0);
  const app = connection();
  s.watch.tick(app, 120_000, 'patron');
  assert.equal(s.watch.state('patron'), 'counting');
  s.watch.tick(connection('patron', false), 0, 'patron');
  assert.deepEqual(
    app.sent.map((e) => e.state),
    ['counting', 'cancelled'],
  );
});

test('configuration: defaults fill in; a change applies to the next countdown', () => {
  assert.deepEqual(idleConfigOf({}), { timeoutSec: 900, warningSec: 60 });
  assert.deepEqual(idleConfigOf({ idle: { timeoutSec: 300 } }), { timeoutSec: 300, warningSec: 60 });
  const c = fakeClock();
  let config = { timeoutSec: 600, warningSec: 60 };
  const watch = new IdleWatch({
    config: () => config,
    patrons: () => ['patron'],
    isOpen: () => true,
    wipe: async () => undefined,
    log: memoryLog(),
    clock: c.clock,
  });
  const app = connection();
  watch.tick(app, 0, 'patron');
  config = { timeoutSec: 30, warningSec: 5 };
  watch.configure();
  c.advance(30_010);
  assert.deepEqual(app.sent, [{ state: 'counting', secondsLeft: 5, totalSeconds: 5 }]);
  watch.stop();
  assert.equal(c.pending(), 0);
});
