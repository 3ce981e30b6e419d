/**
 * The logind source against a fake systemd-logind on a private dbus-daemon: SessionNew /
 * SessionRemoved for a patron become start / end for that account, and only logind is believed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LogindSource } from '../../../../main/agent/session/sources/logind.js';
import type { SessionEvent } from '../../../../main/agent/session/types.js';
import { connectRaw, dbusNative, FakeLogind, startPrivateBus, type PrivateBus } from '../../../support/fake-logind.js';
import { findProgram, needProgram } from '../../../support/programs.js';

async function waitFor(events: SessionEvent[], count: number, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${JSON.stringify(events)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('logind source over a private D-Bus', () => {
  let bus: PrivateBus | undefined;
  let logind: FakeLogind | undefined;

  before(async () => {
    const daemon = findProgram('dbus-daemon');
    if (!daemon) return;
    bus = await startPrivateBus(daemon);
    logind = await FakeLogind.start(bus.address, [{ id: '2', uid: 1010, user: 'earlybird', seat: 'seat0' }]);
  });

  after(async () => {
    await logind?.stop();
    await bus?.stop();
  });

  test('existing sessions start; SessionNew then SessionRemoved give start then end', async (t) => {
    if (!needProgram(t, 'dbus-daemon') || !bus || !logind) return;
    const events: SessionEvent[] = [];
    const source = new LogindSource({ busAddress: bus.address });
    await source.start((e) => events.push(e));
    try {
      assert.deepEqual(events, [{ kind: 'start', account: 'earlybird', trigger: 'logout', source: 'logind' }]);
      logind.addSession({ id: '7', uid: 1001, user: 'patron1', seat: 'seat0' });
      await waitFor(events, 2);
      logind.removeSession('7', { removeUser: true });
      await waitFor(events, 3);
      await quiet();
      await source.settled();
      assert.deepEqual(events.slice(1), [
        { kind: 'start', account: 'patron1', trigger: 'logout', source: 'logind' },
        { kind: 'end', account: 'patron1', trigger: 'logout', source: 'logind' },
      ]);
    } finally {
      await source.stop();
    }
  });

  test('a user with two sessions ends with the last one; manager/greeter sessions do not count', async (t) => {
    if (!needProgram(t, 'dbus-daemon') || !bus || !logind) return;
    const events: SessionEvent[] = [];
    const source = new LogindSource({ busAddress: bus.address });
    await source.start((e) => events.push(e));
    try {
      events.length = 0;
      logind.addSession({ id: 'c5', uid: 120, user: 'lightdm', sessionClass: 'greeter' });
      logind.addSession({ id: '11', uid: 1002, user: 'patron2', sessionClass: 'manager' });
      logind.addSession({ id: '12', uid: 1002, user: 'patron2', seat: 'seat0' });
      logind.addSession({ id: '13', uid: 1002, user: 'patron2' });
      await waitFor(events, 1);
      logind.removeSession('12');
      logind.removeSession('c5');
      await quiet();
      await source.settled();
      assert.deepEqual(events, [{ kind: 'start', account: 'patron2', trigger: 'logout', source: 'logind' }]);
      logind.removeSession('13');
      await waitFor(events, 2);
      assert.deepEqual(events[1], { kind: 'end', account: 'patron2', trigger: 'logout', source: 'logind' });
      logind.removeSession('11', { removeUser: true }); // the manager session going away says nothing more
      await quiet();
      await source.settled();
      assert.equal(events.length, 2);
    } finally {
      await source.stop();
    }
  });

  test('PrepareForShutdown(true) is a shutdown event; (false) is ignored', async (t) => {
    if (!needProgram(t, 'dbus-daemon') || !bus || !logind) return;
    const events: SessionEvent[] = [];
    const source = new LogindSource({ busAddress: bus.address });
    await source.start((e) => events.push(e));
    try {
      events.length = 0;
      logind.prepareForShutdown(false);
      logind.prepareForShutdown(true);
      await waitFor(events, 1);
      await quiet();
      assert.deepEqual(events, [{ kind: 'shutdown', trigger: 'logout', source: 'logind' }]);
    } finally {
      await source.stop();
    }
  });

  test('a signal forged by another connection is ignored', async (t) => {
    if (!needProgram(t, 'dbus-daemon') || !bus || !logind) return;
    const events: SessionEvent[] = [];
    const source = new LogindSource({ busAddress: bus.address });
    await source.start((e) => events.push(e));
    const forger = await connectRaw(bus.address);
    try {
      events.length = 0;
      // Sent straight to the source's connection, which bypasses the bus's match rules.
      const destination = source['client']?.bus.name;
      assert.ok(destination);
      const signal = {
        type: dbusNative.messageType.signal,
        serial: 99,
        destination,
        path: '/org/freedesktop/login1',
        interface: 'org.freedesktop.login1.Manager',
      };
      forger.connection.message?.({
        ...signal,
        member: 'SessionRemoved',
        signature: 'so',
        body: ['2', '/org/freedesktop/login1/session/_32'],
      });
      forger.connection.message?.({ ...signal, serial: 100, member: 'PrepareForShutdown', signature: 'b', body: [true] });
      await quiet();
      await source.settled();
      assert.deepEqual(events, []);
    } finally {
      forger.connection.end();
      await source.stop();
    }
  });

  test('logind restarting (new name owner) resyncs: vanished accounts end, new ones start', async (t) => {
    if (!needProgram(t, 'dbus-daemon') || !bus || !logind) return;
    const events: SessionEvent[] = [];
    const source = new LogindSource({ busAddress: bus.address });
    await source.start((e) => events.push(e));
    try {
      events.length = 0;
      await logind.stop();
      logind = await FakeLogind.start(bus.address, [{ id: '40', uid: 1004, user: 'patron4' }]);
      await waitFor(events, 2);
      await quiet();
      await source.settled();
      assert.deepEqual(events.map((e) => `${e.kind}:${e.account}`).sort(), ['end:earlybird', 'start:patron4']);
    } finally {
      await source.stop();
    }
  });

  test('an unreachable bus rejects start with a fixed message', async () => {
    const source = new LogindSource({ busAddress: 'unix:path=/nonexistent/tabula-test-bus' });
    await assert.rejects(
      source.start(() => {}),
      /cannot connect to the D-Bus bus/,
    );
    await source.stop();
  });
});
