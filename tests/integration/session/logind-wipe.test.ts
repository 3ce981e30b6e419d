/**
 * The whole chain on Linux: a (fake) systemd-logind on a private dbus-daemon signals the
 * patron's logout → the agent's logind source → a verified wipe with no marker left. The same
 * signal for a staff account wipes nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Journal } from '../../../main/agent/session/journal.js';
import { LogindSource } from '../../../main/agent/session/sources/logind.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';
import { FakeLogind, startPrivateBus } from '../../support/fake-logind.js';
import { findMarker } from '../../support/grep-marker.js';
import { checkSurvivors } from '../../support/patron-home.js';
import { needProgram } from '../../support/programs.js';

const nextResult = (a: TestAgent) =>
  new Promise<WipeResult>((resolve) => {
    const off = a.handle.agent.onWipeDone((r) => {
      off();
      resolve(r);
    });
  });

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the agent');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('logind SessionRemoved for the patron → verified wipe; for a staff account → nothing', async (t) => {
  const daemon = needProgram(t, 'dbus-daemon');
  if (!daemon) return;
  const bus = await startPrivateBus(daemon);
  const logind = await FakeLogind.start(bus.address, []);
  const source = new LogindSource({ busAddress: bus.address });
  const a = await startTestAgent(undefined, { sources: [source] });
  try {
    await a.handle.recovered;
    const marker = plantSession(a.patron);
    const dirty = () => Journal.open(a.stateDir).isDirty({ kind: 'account', name: 'patron' });

    logind.addSession({ id: '7', uid: 1001, user: 'patron', seat: 'seat0' });
    await until(dirty);
    const wiped = nextResult(a);
    logind.removeSession('7', { removeUser: true });
    const result = await wiped;
    assert.equal(result.outcome, 'clean');
    assert.equal(result.trigger, 'logout');
    assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), [], 'no marker left');
    assert.deepEqual(checkSurvivors(a.patron), []);
    assert.ok(!dirty(), 'journal clean after the verified wipe');

    const again = plantSession(a.patron);
    logind.addSession({ id: '8', uid: 1002, user: 'librarian', seat: 'seat0' });
    await until(() => a.log.lines.filter((l) => l.includes('session.start')).length >= 2);
    await source.settled();
    const refused = nextResult(a);
    logind.removeSession('8', { removeUser: true });
    const r = await refused;
    assert.equal(r.outcome, 'refused');
    await a.handle.agent.idle();
    assert.ok(findMarker([a.patron.home], again).length > 0, 'a staff logout wipes nothing');
  } finally {
    await a.stop();
    await logind.stop();
    await bus.stop();
    a.patron.cleanup();
  }
});
