import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { refusalReason } from '../../../main/agent/wipe/plan/roots.js';

const posix = { stateDir: '/var/lib/tabula', knownHomes: ['/home/alice', '/home/bob', '/srv/homes/carol'], pathApi: path.posix };
const win = { stateDir: 'C:\\ProgramData\\Tabula\\state', knownHomes: [], pathApi: path.win32 };

const refused: Array<[string, 'home' | 'temp', typeof posix]> = [
  ['/', 'home', posix],
  ['/', 'temp', posix],
  ['/home', 'home', posix],
  ['/etc', 'home', posix],
  ['/usr/local/share', 'home', posix],
  ['/var', 'home', posix],
  ['/tmp', 'home', posix],
  ['/srv/homes', 'home', posix],
  ['/var/lib', 'home', posix],
  ['/etc', 'temp', posix],
  ['/home', 'temp', posix],
  ['relative/home', 'home', posix],
  ['C:\\', 'home', win],
  ['C:\\Windows\\Temp\\x', 'home', win],
  ['C:\\Users', 'home', win],
  ['C:\\Program Files\\App', 'home', win],
];

for (const [root, kind, ctx] of refused) {
  test(`refuses ${kind} root ${root}`, () => {
    assert.ok(refusalReason(root, kind, ctx), `${root} should be refused`);
  });
}

const allowed: Array<[string, 'home' | 'temp', typeof posix]> = [
  ['/home/alice', 'home', posix],
  ['/srv/homes/carol', 'home', posix],
  ['/tmp', 'temp', posix],
  ['/var/tmp', 'temp', posix],
  ['/dev/shm', 'temp', posix],
  ['/tmp/tabula-test-x/home', 'home', posix],
  ['C:\\Users\\patron', 'home', win],
  ['C:\\Windows\\Temp', 'temp', win],
];

for (const [root, kind, ctx] of allowed) {
  test(`allows ${kind} root ${root}`, () => {
    assert.equal(refusalReason(root, kind, ctx), undefined);
  });
}

test('refuses a home that contains the state directory', () => {
  assert.ok(refusalReason('/home/alice', 'home', { ...posix, stateDir: '/home/alice/.tabula' }));
});

test('a refusal reason never repeats the path', () => {
  const reason = refusalReason('/srv/homes', 'home', posix) ?? '';
  assert.ok(!reason.includes('/srv'));
});

test('refuses an extra root inside another known home, not inside the own home', () => {
  const ctx = { ...posix, ownHome: '/home/alice' };
  assert.ok(refusalReason('/home/bob/Library/T', 'extra', ctx));
  assert.ok(refusalReason('/home/bob', 'extra', ctx));
  assert.equal(refusalReason('/home/alice/stash', 'extra', ctx), undefined);
  assert.equal(refusalReason('/private/var/folders/x3/abcd/T', 'extra', ctx), undefined);
  assert.ok(!(refusalReason('/srv/homes/carol/T', 'extra', ctx) ?? '').includes('carol'));
});

test('system folders listed as homes (/var, /tmp) do not make every extra root refused', () => {
  const ctx = { ...posix, knownHomes: ['/var', '/tmp', '/private/var'] };
  assert.equal(refusalReason('/private/var/folders/x3/abcd/T', 'extra', ctx), undefined);
});
