import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accountFromDscl,
  expandWindowsEnv,
  homeProblem,
  isPlausibleAccountName,
  parseDsclRead,
  parseGetentPasswd,
  parseRegQueryValue,
  parseSid,
  resolveAccount,
  systemGroupsOf,
  vetPatronAccount,
  type Account,
  type GroupsOf,
} from '../../../main/agent/config/accounts.js';
import type { Platform } from '../../../main/agent/catalog/schema.js';
import { needProgram } from '../../support/programs.js';
import { needRoot } from '../../support/skip.js';

const fixtures = fileURLToPath(new URL('../../../../tests/fixtures/accounts/', import.meta.url));
const fixture = (name: string) => readFile(join(fixtures, name), 'utf8');

// ---- parsers --------------------------------------------------------------------------------

test('parseGetentPasswd: local, sssd/LDAP, and a numeric name answered with another entry', async () => {
  assert.deepEqual(parseGetentPasswd(await fixture('getent-passwd-linux.txt'), 'leser'), {
    name: 'leser',
    uid: 1001,
    gid: 1001,
    home: '/home/leser',
  });
  assert.deepEqual(parseGetentPasswd(await fixture('getent-passwd-sssd.txt'), 'ldapleser'), {
    name: 'ldapleser',
    uid: 200017,
    gid: 10000,
    home: '/home/LIB/ldapleser',
  });
  assert.equal(
    parseGetentPasswd(await fixture('getent-passwd-numeric-0.txt'), '0'),
    undefined,
    '`getent passwd 0` answers root: not the account named 0',
  );
  assert.equal(parseGetentPasswd('', 'x'), undefined);
  assert.equal(parseGetentPasswd('bad:x:notanumber:1:g:/h:/bin/sh\n', 'bad'), undefined);
});

test('parseDsclRead / accountFromDscl: inline values, wrapped values with spaces, missing keys', async () => {
  assert.deepEqual(accountFromDscl('leser', await fixture('dscl-read-macos.txt')), {
    name: 'leser',
    uid: 502,
    gid: 20,
    home: '/Users/leser',
  });
  assert.deepEqual(accountFromDscl('lese2', await fixture('dscl-read-macos-space.txt')), {
    name: 'lese2',
    uid: 503,
    gid: 20,
    home: '/Users/Lese Platz 2',
  });
  assert.equal(accountFromDscl('x', await fixture('dscl-read-macos-missing-key.txt')), undefined);
  assert.deepEqual(parseDsclRead('dsAttrTypeNative:_writers_passwd: leser\nRecordName: leser lese\n'), {
    _writers_passwd: ['leser'],
    RecordName: ['leser', 'lese'],
  });
});

test('parseRegQueryValue: English, non-English REG_EXPAND_SZ with %SystemDrive%, localized error', async () => {
  assert.deepEqual(parseRegQueryValue(await fixture('reg-query-profile-en.txt'), 'ProfileImagePath'), {
    type: 'REG_EXPAND_SZ',
    data: 'C:\\Users\\patron',
  });
  const de = parseRegQueryValue(await fixture('reg-query-profile-de-expand.txt'), 'profileimagepath');
  assert.deepEqual(de, { type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\Users\\Jürgen Müller' });
  assert.equal(expandWindowsEnv(de?.data ?? '', { SYSTEMDRIVE: 'D:' }), 'D:\\Users\\Jürgen Müller');
  assert.equal(expandWindowsEnv('%Unknown%\\x', {}), '%Unknown%\\x');
  assert.equal(parseRegQueryValue(await fixture('reg-query-profile-de-missing.txt'), 'ProfileImagePath'), undefined);
  assert.equal(parseRegQueryValue(await fixture('reg-query-profile-en.txt'), 'Other'), undefined);
  assert.deepEqual(parseRegQueryValue(await fixture('reg-query-profile-system.txt'), 'ProfileImagePath'), {
    type: 'REG_EXPAND_SZ',
    data: '%systemroot%\\system32\\config\\systemprofile',
  });
});

test('parseSid and account names', async () => {
  assert.equal(parseSid(await fixture('powershell-ntaccount-sid.txt')), 'S-1-5-21-3623811015-3361044348-30300820-1013');
  assert.equal(parseSid('Exception calling "Translate"...\r\n'), undefined);
  for (const ok of ['leser', 'Jürgen Müller', 'patron.3', 'user_1']) assert.ok(isPlausibleAccountName(ok), ok);
  for (const bad of ['', '-x', '../root', 'a/b', 'DOM\\x', 'a:b', 'a\nb', ' x', '.hidden', 'x"y'])
    assert.ok(!isPlausibleAccountName(bad), bad);
});

// ---- vetting table --------------------------------------------------------------------------

const none: GroupsOf = async () => [];
const groups =
  (...g: string[]): GroupsOf =>
  async () =>
    g;
const fail: GroupsOf = async () => {
  throw new Error('boom');
};
const L = (uid: number, home = '/home/leser', gid = 1001): Account => ({ name: 'leser', uid, gid, home });
const W = (sid: string, home = 'C:\\Users\\leser'): Account => ({ name: 'leser', sid, home });

type Row = [
  label: string,
  account: Account | undefined,
  platform: Platform,
  groupsOf: GroupsOf,
  expect: 'ok' | 'E_ACCOUNT_REFUSED' | 'E_ACCOUNT_UNKNOWN',
];
const table: Row[] = [
  ['ordinary Linux patron', L(1001), 'linux', groups('leser', 'users', 'audio'), 'ok'],
  ['sssd patron with a big uid', L(200017, '/home/LIB/leser', 10000), 'linux', none, 'ok'],
  ['unknown account', undefined, 'linux', none, 'E_ACCOUNT_UNKNOWN'],
  ['root', L(0, '/root', 0), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['Linux system uid 999', L(999), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['nobody', L(65534, '/nonexistent', 65534), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['primary group root', L(1001, '/home/leser', 0), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['member of sudo', L(1001), 'linux', groups('leser', 'sudo'), 'E_ACCOUNT_REFUSED'],
  ['member of wheel', L(1001), 'linux', groups('wheel'), 'E_ACCOUNT_REFUSED'],
  ['member of adm', L(1001), 'linux', groups('adm'), 'E_ACCOUNT_REFUSED'],
  ['member of admin', L(1001), 'linux', groups('admin'), 'E_ACCOUNT_REFUSED'],
  ['groups unreadable: fail closed', L(1001), 'linux', fail, 'E_ACCOUNT_REFUSED'],
  ['home is /', L(1001, '/'), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['home is //', L(1001, '//'), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['home is relative', L(1001, 'home/leser'), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['home is empty', L(1001, ''), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['home is /home', L(1001, '/home/'), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['home with ..', L(1001, '/home/leser/../other'), 'linux', none, 'E_ACCOUNT_REFUSED'],
  ['no uid on POSIX', { name: 'leser', home: '/home/leser' }, 'linux', none, 'E_ACCOUNT_UNKNOWN'],
  ['macOS patron uid 502 in staff', L(502, '/Users/leser', 20), 'darwin', groups('staff', 'everyone', 'localaccounts'), 'ok'],
  ['macOS uid 500 (below 501)', L(500, '/Users/leser', 20), 'darwin', none, 'E_ACCOUNT_REFUSED'],
  ['macOS admin', L(501, '/Users/leser', 20), 'darwin', groups('staff', 'admin'), 'E_ACCOUNT_REFUSED'],
  ['macOS home /Users', L(502, '/Users', 20), 'darwin', none, 'E_ACCOUNT_REFUSED'],
  ['Windows patron', W('S-1-5-21-3623811015-3361044348-30300820-1013'), 'win32', groups('S-1-5-32-545'), 'ok'],
  ['Windows Entra ID patron', W('S-1-12-1-1193010431-1309315327-2401813664-3441284105'), 'win32', none, 'ok'],
  [
    'Windows Administrators member',
    W('S-1-5-21-3623811015-3361044348-30300820-1013'),
    'win32',
    groups('S-1-5-32-545', 'S-1-5-32-544'),
    'E_ACCOUNT_REFUSED',
  ],
  ['Windows SYSTEM', W('S-1-5-18', 'C:\\Windows\\system32\\config\\systemprofile'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows LOCAL SERVICE', W('S-1-5-19'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows NETWORK SERVICE', W('S-1-5-20'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows built-in Administrator (RID 500)', W('S-1-5-21-3623811015-3361044348-30300820-500'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows well-known group SID', W('S-1-5-32-545'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows no SID', { name: 'leser', home: 'C:\\Users\\leser' }, 'win32', none, 'E_ACCOUNT_UNKNOWN'],
  ['Windows home C:\\', W('S-1-5-21-1-2-3-1013', 'C:\\'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows home D:', W('S-1-5-21-1-2-3-1013', 'D:'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows home UNC share root', W('S-1-5-21-1-2-3-1013', '\\\\server\\homes\\'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows home C:\\Users', W('S-1-5-21-1-2-3-1013', 'c:\\users'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows home relative', W('S-1-5-21-1-2-3-1013', 'Users\\leser'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows home under Windows', W('S-1-5-21-1-2-3-1013', 'C:\\Windows\\Temp\\x'), 'win32', none, 'E_ACCOUNT_REFUSED'],
  ['Windows groups unreadable', W('S-1-5-21-1-2-3-1013'), 'win32', fail, 'E_ACCOUNT_REFUSED'],
];

for (const [label, account, platform, groupsOf, expect] of table) {
  test(`vetPatronAccount: ${label} → ${expect}`, async () => {
    const result = await vetPatronAccount(account, platform, groupsOf);
    if (expect === 'ok') {
      assert.deepEqual(result, { ok: true });
      return;
    }
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, expect);
    assert.ok(result.reason.length > 10);
    assert.ok(!/leser|Jürgen/i.test(result.reason), 'the reason never names the account');
    if (account?.home && account.home.length > 3) assert.ok(!result.reason.includes(account.home), 'the reason never carries the home');
  });
}

test('homeProblem: an ordinary home passes on each platform', () => {
  assert.equal(homeProblem('/home/leser', 'linux'), undefined);
  assert.equal(homeProblem('/Users/leser', 'darwin'), undefined);
  assert.equal(homeProblem('C:\\Users\\leser', 'win32'), undefined);
  assert.equal(homeProblem('\\\\server\\homes\\leser', 'win32'), undefined);
});

// ---- real accounts on this Linux machine ----------------------------------------------------

test(
  'real: a fresh useradd account resolves and passes; added to sudo it is refused',
  { skip: process.platform !== 'linux' },
  async (t) => {
    if (!needRoot(t, 'adding a real account') || !needProgram(t, 'useradd')) return;
    const name = `tabulatest${randomBytes(4).toString('hex')}`;
    execFileSync('useradd', ['-m', '-s', '/bin/sh', name]);
    t.after(() => {
      try {
        execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
    });
    const account = await resolveAccount(name, 'linux');
    assert.ok(account);
    assert.equal(account.name, name);
    assert.ok((account.uid ?? 0) >= 1000);
    assert.equal(account.home, `/home/${name}`);
    assert.equal(typeof account.gid, 'number');
    assert.deepEqual(await vetPatronAccount(account, 'linux'), { ok: true });
    assert.ok((await systemGroupsOf('linux')(name)).includes(name));

    execFileSync('usermod', ['-aG', 'sudo', name]);
    const vet = await vetPatronAccount(account, 'linux');
    assert.deepEqual(vet, { ok: false, code: 'E_ACCOUNT_REFUSED', reason: 'members of administrator groups cannot be patron accounts' });
  },
);

test('real: root is refused, unknown and hostile names resolve to nothing', { skip: process.platform !== 'linux' }, async () => {
  const root = await resolveAccount('root', 'linux');
  assert.deepEqual(root, { name: 'root', uid: 0, gid: 0, home: '/root' });
  assert.deepEqual(await vetPatronAccount(root, 'linux'), {
    ok: false,
    code: 'E_ACCOUNT_REFUSED',
    reason: 'uid 0 (root) cannot be a patron account',
  });
  assert.equal(await resolveAccount(`tabulanobody${randomBytes(4).toString('hex')}`, 'linux'), undefined);
  assert.equal(await resolveAccount('0', 'linux'), undefined, 'a uid is not a name');
  assert.equal(await resolveAccount('--help', 'linux'), undefined);
  const vet = await vetPatronAccount(await resolveAccount('daemon', 'linux'), 'linux');
  assert.equal(vet.ok, false);
});
