/** The graveyard is private before anything is moved into it: mode 0700 here, an ACL on Windows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createGraveyard, isGraveyard } from '../../../../main/agent/wipe/execute/graveyard.js';
import { systemOnlyAclArgs } from '../../../../main/agent/wipe/fs/windows-acl.js';
import { removeTree, tempDir } from '../../../support/tree.js';

test('a graveyard is a 0700 folder of the agent, named so that it is recognised after a crash', (t) => {
  const root = tempDir('tabula-graveyard-');
  t.after(() => removeTree(root));
  const dir = createGraveyard(root, 'linux', () => assert.fail('no ACL step off Windows'));
  const st = lstatSync(dir);
  assert.equal(st.mode & 0o777, 0o700);
  assert.ok(isGraveyard(path.basename(dir), st));
});

test('on Windows the graveyard gets its SYSTEM/Administrators ACL; when that fails none is left and the caller deletes in place', (t) => {
  const root = tempDir('tabula-graveyard-');
  t.after(() => removeTree(root));
  const restricted: string[] = [];
  const dir = createGraveyard(root, 'win32', (d) => restricted.push(d));
  assert.deepEqual(restricted, [dir]);
  assert.deepEqual(systemOnlyAclArgs(dir, true), [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F']);
  assert.deepEqual(systemOnlyAclArgs('C:\\ProgramData\\Tabula\\config.json', false), [
    'C:\\ProgramData\\Tabula\\config.json',
    '/inheritance:r',
    '/grant:r',
    '*S-1-5-18:F',
    '*S-1-5-32-544:F',
  ]);

  assert.throws(
    () =>
      createGraveyard(root, 'win32', () => {
        throw Object.assign(new Error('icacls failed'), { code: 'EPERM' });
      }),
    /icacls failed/,
  );
  assert.deepEqual(readdirSync(root), [path.basename(dir)], 'the graveyard that could not be made private is gone');
});
