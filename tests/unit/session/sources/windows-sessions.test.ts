import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createWindowsSessionsSource,
  isDisconnected,
  listWindowsSessions,
  parseQueryUser,
  windowsAccounts,
} from '../../../../main/agent/session/sources/windows-sessions.js';
import type { SessionEvent } from '../../../../main/agent/session/types.js';
import { fakeRunner, fixture } from '../fixtures.js';

describe('query user (quser) parser, recorded outputs', () => {
  test('English: current marker, disconnected without session name, name with a space, 20-char name', async () => {
    const sessions = parseQueryUser(await fixture('quser-en.txt'));
    assert.deepEqual(sessions, [
      { user: 'patron', sessionName: 'console', id: 1, state: 'Active', current: true },
      { user: 'staff.desk', sessionName: '', id: 2, state: 'Disc', current: false },
      { user: 'kiosk admin', sessionName: 'rdp-tcp#3', id: 3, state: 'Active', current: false },
      { user: 'abcdefghijklmnopqrst', sessionName: 'rdp-tcp#7', id: 4, state: 'Active', current: false },
    ]);
  });

  test('German (BENUTZERNAME SITZUNGSNAME ID STATUS LEERLAUF ANMELDEZEIT): Aktiv / Getr.', async () => {
    const sessions = parseQueryUser(await fixture('quser-de.txt'));
    assert.deepEqual(sessions, [
      { user: 'patron', sessionName: 'console', id: 1, state: 'Aktiv', current: true },
      { user: 'lesesaal.03', sessionName: '', id: 4, state: 'Getr.', current: false },
      { user: 'thorsten.mueller', sessionName: 'rdp-tcp#10', id: 5, state: 'Aktiv', current: false },
    ]);
    assert.deepEqual(
      sessions.map((s) => isDisconnected(s.state)),
      [false, true, false],
    );
  });

  test('French: Actif / Déco', async () => {
    const sessions = parseQueryUser(await fixture('quser-fr.txt'));
    assert.deepEqual(
      sessions.map((s) => [s.user, s.id, isDisconnected(s.state)]),
      [
        ['patron', 1, false],
        ['bibliotheque', 2, true],
      ],
    );
  });

  test('headers, messages and blank input give no session', async () => {
    assert.deepEqual(parseQueryUser(''), []);
    assert.deepEqual(parseQueryUser(await fixture('quser-none-stderr.txt')), []);
    assert.deepEqual(parseQueryUser(' BENUTZERNAME          SITZUNGSNAME       ID  STATUS  LEERLAUF   ANMELDEZEIT\r\n'), []);
  });

  test('accounts map to their session ids (for logoff)', async () => {
    const accounts = windowsAccounts(parseQueryUser(await fixture('quser-de.txt')));
    assert.deepEqual(
      [...accounts],
      [
        ['patron', [1]],
        ['lesesaal.03', [4]],
        ['thorsten.mueller', [5]],
      ],
    );
  });
});

describe('asking query user', () => {
  test('exit 1 with the "no user" message on stderr is an empty list; other failures throw', async () => {
    const none = await fixture('quser-none-stderr.txt');
    assert.deepEqual(await listWindowsSessions(fakeRunner(() => ({ code: 1, stderr: none })).run), []);
    await assert.rejects(listWindowsSessions(fakeRunner(() => ({ code: -1 })).run), /query user failed/);
  });

  test('poll: patron logs off (German output) → end', async () => {
    const outputs = [await fixture('quser-de.txt'), ' BENUTZERNAME          SITZUNGSNAME       ID  STATUS  LEERLAUF   ANMELDEZEIT\r\n'];
    let i = 0;
    const { run, calls } = fakeRunner(() => ({ stdout: outputs[i++] ?? '' }));
    const source = createWindowsSessionsSource({ run, intervalMs: 60_000 });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    await source.poll();
    await source.stop();
    assert.deepEqual(calls[0], { file: 'query', args: ['user'] });
    assert.deepEqual(
      events.filter((e) => e.kind === 'end').map((e) => e.account),
      ['lesesaal.03', 'patron', 'thorsten.mueller'],
    );
    assert.ok(events.every((e) => e.source === 'windows-sessions' && e.trigger === 'logout'));
  });
});
