import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLogOutCommand, logOutAccount, resolveLogOutTargets } from '../../../main/agent/session/log-out.js';
import { fakeRunner, fixture } from './fixtures.js';

describe('session enders: pure command builders', () => {
  test('one command per OS', () => {
    assert.deepEqual(buildLogOutCommand({ platform: 'linux', sessionId: 'c3' }), { file: 'loginctl', args: ['terminate-session', 'c3'] });
    assert.deepEqual(buildLogOutCommand({ platform: 'linux', user: 'patron' }), { file: 'loginctl', args: ['terminate-user', 'patron'] });
    assert.deepEqual(buildLogOutCommand({ platform: 'win32', sessionId: 2 }), { file: 'logoff', args: ['2'] });
    assert.deepEqual(buildLogOutCommand({ platform: 'darwin', uid: 502 }), { file: '/bin/launchctl', args: ['bootout', 'user/502'] });
  });

  test('targets that could be options, or root/SYSTEM sessions, are refused without naming them', () => {
    const refused = [
      { platform: 'linux', user: '--all' },
      { platform: 'linux', user: 'root' },
      { platform: 'linux', user: 'two words' },
      { platform: 'linux', user: '' },
      { platform: 'linux', sessionId: '1;reboot' },
      { platform: 'win32', sessionId: 0 },
      { platform: 'win32', sessionId: 1.5 },
      { platform: 'darwin', uid: 0 },
      { platform: 'darwin', uid: -501 },
    ] as const;
    for (const target of refused) {
      assert.throws(
        () => buildLogOutCommand(target),
        (error: Error) => {
          assert.ok(!error.message.includes('--all') && !error.message.includes('two words'));
          return error.name === 'LogOutError';
        },
        JSON.stringify(target),
      );
    }
  });
});

describe("ending an account's sessions through an injected runner", () => {
  test('Windows: session ids from query user, one logoff each', async () => {
    const quser = await fixture('quser-en.txt');
    const { run, calls } = fakeRunner(({ file }) => (file === 'query' ? { stdout: quser } : {}));
    assert.deepEqual(await resolveLogOutTargets('win32', 'staff.desk', run), [{ platform: 'win32', sessionId: 2 }]);
    assert.deepEqual(await logOutAccount('win32', 'patron', run), { ended: 1, failed: 0 });
    assert.deepEqual(calls.at(-1), { file: 'logoff', args: ['1'] });
    assert.deepEqual(await logOutAccount('win32', 'nobody', run), { ended: 0, failed: 0 });
  });

  test('macOS: uid from scutil, launchctl bootout', async () => {
    const scutil = await fixture('scutil-patron.txt');
    const { run, calls } = fakeRunner(({ file }) => (file === '/usr/sbin/scutil' ? { stdout: scutil } : {}));
    assert.deepEqual(await logOutAccount('darwin', 'patron', run), { ended: 1, failed: 0 });
    assert.deepEqual(calls.at(-1), { file: '/bin/launchctl', args: ['bootout', 'user/502'] });
  });

  test('Linux: terminate-user; a failing command is counted, not thrown', async () => {
    const { run, calls } = fakeRunner(() => ({ code: 1, stderr: 'Failed to terminate user' }));
    assert.deepEqual(await logOutAccount('linux', 'patron', run), { ended: 0, failed: 1 });
    assert.deepEqual(calls, [{ file: 'loginctl', args: ['terminate-user', 'patron'] }]);
  });
});
