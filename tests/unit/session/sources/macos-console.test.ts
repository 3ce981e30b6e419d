import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createMacConsoleSource,
  macAccounts,
  parseConsoleOwner,
  parseScutilConsoleUser,
  readConsoleState,
} from '../../../../main/agent/session/sources/macos-console.js';
import type { SessionEvent } from '../../../../main/agent/session/types.js';
import { fakeRunner, fixture } from '../fixtures.js';

describe('scutil State:/Users/ConsoleUser parser, recorded outputs', () => {
  test('a patron on the console', async () => {
    const state = parseScutilConsoleUser(await fixture('scutil-patron.txt'));
    assert.deepEqual(state, { consoleUser: 'patron', consoleUid: 502, sessions: [{ user: 'patron', uid: 502, onConsole: true }] });
    assert.deepEqual([...macAccounts(state)], [['patron', 502]]);
  });

  test('fast user switching: both sessions are logged in', async () => {
    const state = parseScutilConsoleUser(await fixture('scutil-fast-user-switch.txt'));
    assert.deepEqual(state.sessions, [
      { user: 'patron', uid: 502, onConsole: false },
      { user: 'patron2', uid: 503, onConsole: true },
    ]);
    assert.deepEqual([...macAccounts(state).keys()], ['patron', 'patron2']);
  });

  test('login window (nobody logged in) and the missing key at boot', async () => {
    assert.deepEqual(parseScutilConsoleUser(await fixture('scutil-loginwindow.txt')), { sessions: [] });
    assert.deepEqual(parseScutilConsoleUser(await fixture('scutil-no-such-key.txt')), { sessions: [] });
    assert.equal(macAccounts({ sessions: [] }).size, 0);
  });

  test('stat -f %Su /dev/console: root at the login window', async () => {
    assert.equal(parseConsoleOwner(await fixture('stat-console-loginwindow.txt')), undefined);
    assert.equal(parseConsoleOwner(await fixture('stat-console-patron.txt')), 'patron');
  });
});

describe('asking macOS', () => {
  test('scutil gets the show command on stdin; stat is the fallback', async () => {
    const patron = await fixture('scutil-patron.txt');
    const ok = fakeRunner(() => ({ stdout: patron }));
    assert.equal((await readConsoleState(ok.run)).consoleUser, 'patron');
    assert.deepEqual(ok.calls, [{ file: '/usr/sbin/scutil', args: [], input: 'show State:/Users/ConsoleUser\n' }]);

    const statOut = await fixture('stat-console-patron.txt');
    const fallback = fakeRunner(({ file }) => (file === '/usr/sbin/scutil' ? { code: 1 } : { stdout: statOut }));
    assert.deepEqual(await readConsoleState(fallback.run), { consoleUser: 'patron', sessions: [] });
    assert.deepEqual(fallback.calls[1]?.args, ['-f', '%Su', '/dev/console']);
  });

  test('poll: patron logs out to the login window → end', async () => {
    const outputs = [await fixture('scutil-patron.txt'), await fixture('scutil-loginwindow.txt')];
    let i = 0;
    const source = createMacConsoleSource({ run: fakeRunner(() => ({ stdout: outputs[i++] ?? '' })).run, intervalMs: 60_000 });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    await source.poll();
    await source.stop();
    assert.deepEqual(events, [
      { kind: 'start', account: 'patron', trigger: 'logout', source: 'macos-console' },
      { kind: 'end', account: 'patron', trigger: 'logout', source: 'macos-console' },
    ]);
  });
});
