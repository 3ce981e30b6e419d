import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createLoginctlPollSource,
  listLoginctlSessions,
  loggedInAccounts,
  parseLoginctlSessions,
  parseLoginctlTable,
} from '../../../../main/agent/session/sources/loginctl-poll.js';
import { diffAccounts, PollingSource } from '../../../../main/agent/session/sources/polling.js';
import type { SessionEvent } from '../../../../main/agent/session/types.js';
import { fakeRunner, fixture } from '../fixtures.js';

describe('loginctl list-sessions parsers (recorded outputs)', () => {
  test('systemd 252 table without legend', async () => {
    const sessions = parseLoginctlSessions(await fixture('loginctl-252-table.txt'));
    assert.deepEqual(sessions, [
      { id: '3', uid: 1001, user: 'patron1' },
      { id: 'c1', uid: 113, user: 'lightdm' },
      { id: '12', uid: 0, user: 'root' },
    ]);
  });

  test('systemd 252 table with legend: header and footer skipped', async () => {
    const sessions = parseLoginctlTable(await fixture('loginctl-252-table-legend.txt'));
    assert.deepEqual(
      sessions.map((s) => s.id),
      ['3', '12'],
    );
  });

  test('systemd 252 JSON (--output=json): seat "" and tty', async () => {
    const sessions = parseLoginctlSessions(await fixture('loginctl-252-json.txt'));
    assert.deepEqual(sessions[0], { id: '3', uid: 1001, user: 'patron1', seat: 'seat0', tty: 'tty7' });
    assert.deepEqual(sessions[2], { id: '12', uid: 0, user: 'root', tty: 'pts/0' });
  });

  test('systemd 255 JSON with state/idle/since and tty "n/a"', async () => {
    const sessions = parseLoginctlSessions(await fixture('loginctl-255-json.txt'));
    assert.deepEqual(sessions, [
      { id: '5', uid: 1001, user: 'patron1', seat: 'seat0', tty: 'tty2' },
      { id: '8', uid: 1002, user: 'patron2' },
    ]);
  });

  test('systemd 256 table: class column read, "-" is empty', async () => {
    const sessions = parseLoginctlSessions(await fixture('loginctl-256-table.txt'));
    assert.equal(sessions.length, 5);
    assert.deepEqual(sessions[0], { id: '3', uid: 1001, user: 'patron1', seat: 'seat0', tty: 'tty7', sessionClass: 'user' });
    assert.deepEqual(sessions[1], { id: '4', uid: 1001, user: 'patron1', sessionClass: 'manager' });
    assert.equal(sessions[2]?.sessionClass, 'manager-early');
  });

  test('systemd 256 JSON (--json=short): null seat/tty, class', async () => {
    const sessions = parseLoginctlSessions(await fixture('loginctl-256-json.txt'));
    assert.deepEqual(sessions[1], { id: '4', uid: 1001, user: 'patron1', sessionClass: 'manager' });
    assert.deepEqual(sessions[3], { id: '14', uid: 0, user: 'root', tty: 'pts/0', sessionClass: 'user' });
  });

  test('every version gives the same logged-in accounts; greeter and manager sessions do not count', async () => {
    for (const name of ['loginctl-256-table.txt', 'loginctl-256-json.txt']) {
      assert.deepEqual([...loggedInAccounts(parseLoginctlSessions(await fixture(name)))].sort(), ['patron1', 'root'], name);
    }
    // 252 has no class: the greeter user is listed, and the service's patron filter drops it.
    assert.deepEqual([...loggedInAccounts(parseLoginctlSessions(await fixture('loginctl-252-json.txt')))].sort(), [
      'lightdm',
      'patron1',
      'root',
    ]);
    assert.deepEqual(parseLoginctlSessions(await fixture('loginctl-empty.txt')), []);
    assert.deepEqual(parseLoginctlSessions('[]'), []);
  });

  test('malformed JSON is an error, not "nobody is logged in"', () => {
    assert.throws(() => parseLoginctlSessions('[{"session":'));
    assert.throws(() => parseLoginctlSessions('{"session":"1"}'), /not an array/);
  });
});

describe('asking loginctl', () => {
  test('systemd 252: --json=short is refused, --output=json is used and remembered', async () => {
    const json252 = await fixture('loginctl-252-json.txt');
    const { run, calls } = fakeRunner(({ args }) =>
      args.includes('--json=short') ? { code: 1, stderr: "loginctl: unrecognized option '--json=short'" } : { stdout: json252 },
    );
    const listed = await listLoginctlSessions(run);
    assert.equal(listed.attempt, 1);
    assert.equal(listed.sessions.length, 3);
    assert.deepEqual(
      calls.map((c) => c.args.at(-1)),
      ['--json=short', '--output=json'],
    );
    const source = createLoginctlPollSource({ run, intervalMs: 60_000 });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    await source.stop();
    assert.equal(events.length, 3);
  });

  test('systemd 256: --json=short works first time', async () => {
    const json256 = await fixture('loginctl-256-json.txt');
    const { run, calls } = fakeRunner(() => ({ stdout: json256 }));
    const listed = await listLoginctlSessions(run);
    assert.equal(listed.attempt, 0);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.args, ['list-sessions', '--no-legend', '--no-pager', '--json=short']);
  });

  test('a loginctl that fails every syntax is an error', async () => {
    const { run } = fakeRunner(() => ({ code: 1, stderr: 'Failed to connect to bus' }));
    await assert.rejects(listLoginctlSessions(run), /every known syntax/);
  });
});

describe('polling and diffing', () => {
  test('diffAccounts', () => {
    assert.deepEqual(diffAccounts(new Set(['a', 'b']), new Set(['b', 'c'])), { started: ['c'], ended: ['a'] });
  });

  test('a poll failure keeps the previous snapshot (no spurious end)', async () => {
    const answers: (Set<string> | Error)[] = [new Set(['p1']), new Error('down'), new Set(['p1']), new Set()];
    const errors: unknown[] = [];
    const source = new PollingSource({
      name: 'test-poll',
      intervalMs: 60_000,
      snapshot: async () => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next ?? new Set();
      },
      onError: (e) => errors.push(e),
    });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    await source.poll();
    await source.poll();
    await source.poll();
    await source.stop();
    assert.equal(errors.length, 1);
    assert.deepEqual(events, [
      { kind: 'start', account: 'p1', trigger: 'logout', source: 'test-poll' },
      { kind: 'end', account: 'p1', trigger: 'logout', source: 'test-poll' },
    ]);
  });

  test('a run of failed polls is reported once, again after errorRepeatMs, and anew after a good poll', async () => {
    let clock = 0;
    let failing = true;
    const reported: number[] = [];
    const source = new PollingSource({
      name: 'test-poll',
      intervalMs: 60_000,
      errorRepeatMs: 3_600_000,
      now: () => clock,
      snapshot: async () => {
        if (failing) throw new Error('no logind');
        return new Set<string>();
      },
      onError: () => reported.push(clock),
    });
    await source.start(() => undefined);
    for (let k = 1; k <= 400; k++) {
      clock = k * 10_000;
      await source.poll();
    }
    assert.deepEqual(reported, [0, 3_600_000], '401 failed polls over 66 min: two lines, not 401');
    failing = false;
    await source.poll();
    failing = true;
    clock += 10_000;
    await source.poll();
    await source.stop();
    assert.deepEqual(reported, [0, 3_600_000, clock], 'a new run of failures is reported at once');
  });

  test('loginctl poll: 252 → 256 snapshots give start/end from real layouts', async () => {
    const outputs = [await fixture('loginctl-252-table.txt'), await fixture('loginctl-256-table.txt'), ''];
    let i = 0;
    const { run } = fakeRunner(({ args }) => (args.at(-1) === '--no-pager' ? { stdout: outputs[i++] ?? '' } : { code: 1 }));
    const source = createLoginctlPollSource({ run, intervalMs: 60_000 });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    await source.poll();
    await source.poll();
    await source.stop();
    assert.deepEqual(
      events.map((e) => `${e.kind}:${e.account}`),
      [
        'start:lightdm',
        'start:patron1',
        'start:root', // first snapshot
        'end:lightdm', // the greeter is gone (256 lists it as class greeter)
        'end:patron1',
        'end:root',
      ],
    );
  });
});
