/**
 * macOS per-user folders found on a synthetic `/private/var/folders` tree (real folders, owners set
 * with chown, real links): the one folder of the uid is found; links at any level, other users'
 * folders and ambiguity are refused.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { darwinUserDirs } from '../../../main/agent/config/darwin-user-dirs.js';
import { outsideHome } from '../../../main/agent/config/targets.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { needRoot } from '../../support/skip.js';

const PATRON = 4242;
const OTHER = 4343;

/** chown needs root; without it the test is skipped loudly (and fails under TABULA_REQUIRE_ALL=1). */
function needsRoot(t: TestContext): boolean {
  return needRoot(t, 'darwin per-user folder tests (chown to a test uid)');
}

/** A per-user folder `<folders>/<bucket>/<id>` with `subs` inside, all owned by `uid`. */
function userFolder(folders: string, bucket: string, id: string, uid: number, subs = ['0', 'C', 'T']): string {
  const dir = path.join(folders, bucket, id);
  mkdirSync(dir, { recursive: true });
  chownSync(dir, uid, uid);
  for (const sub of subs) {
    mkdirSync(path.join(dir, sub));
    chownSync(path.join(dir, sub), uid, uid);
  }
  return dir;
}

function withFolders(t: TestContext, body: (folders: string, base: string) => void): void {
  if (!needsRoot(t)) return;
  const base = tempDir();
  try {
    const folders = path.join(base, 'private', 'var', 'folders');
    mkdirSync(folders, { recursive: true });
    userFolder(folders, 'zz', 'zyxvpxvq6csfxvn_n0000000000000', 0);
    userFolder(folders, 'k9', '0f1g2h3j4k5l6m7n8p9q0r1s2t3v', OTHER);
    body(folders, base);
  } finally {
    removeTree(base);
  }
}

test("finds the per-user T and C of the uid; other users' folders are ignored", (t) => {
  withFolders(t, (folders) => {
    const dir = userFolder(folders, 'x3', 'abcd1234efgh5678ijkl9012mnop', PATRON);
    assert.deepEqual(darwinUserDirs(PATRON, folders), {
      bases: { darwinUserTemp: path.join(dir, 'T'), darwinUserCache: path.join(dir, 'C') },
      candidates: 1,
    });
    const other = darwinUserDirs(OTHER, folders);
    assert.equal(other.candidates, 1);
    assert.ok(other.bases.darwinUserTemp?.includes(`${path.sep}k9${path.sep}`), 'the other uid gets its own folder');
  });
});

test('an account that never logged in has none', (t) => {
  withFolders(t, (folders) => {
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: {}, candidates: 0 });
    assert.deepEqual(darwinUserDirs(PATRON, path.join(folders, 'missing')), { bases: {}, candidates: 0 });
  });
});

test('a per-user folder with only T (or only C) gives only that base; one with neither is no candidate', (t) => {
  withFolders(t, (folders) => {
    const dir = userFolder(folders, 'x3', 'only-t', PATRON, ['T']);
    userFolder(folders, 'q1', 'neither', PATRON, ['0', 'X']);
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: { darwinUserTemp: path.join(dir, 'T') }, candidates: 1 });
  });
});

test('two candidates of the same uid: none is taken, the count says why', (t) => {
  withFolders(t, (folders) => {
    userFolder(folders, 'x3', 'first', PATRON);
    userFolder(folders, 'b7', 'second', PATRON, ['C']);
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: {}, candidates: 2 });
  });
});

test('a T that is a link is refused (C still found); a T owned by someone else is refused', (t) => {
  withFolders(t, (folders, base) => {
    layout(base, { 'elsewhere/precious.txt': "not the patron's" });
    const dir = userFolder(folders, 'x3', 'linked-t', PATRON, ['C']);
    symlinkSync(path.join(base, 'elsewhere'), path.join(dir, 'T'));
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: { darwinUserCache: path.join(dir, 'C') }, candidates: 1 });
    const foreign = userFolder(folders, 'x4', 'foreign-t', OTHER + 1, ['T']);
    chownSync(foreign, PATRON, PATRON);
    assert.deepEqual(darwinUserDirs(PATRON, folders).bases, { darwinUserCache: path.join(dir, 'C') });
  });
});

test('a per-user folder, a bucket or the folders root that is a link is refused', (t) => {
  withFolders(t, (folders, base) => {
    const real = userFolder(path.join(base, 'outside'), 'x3', 'real', PATRON);
    symlinkSync(real, path.join(folders, 'zz', 'linked-user-folder'));
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: {}, candidates: 0 }, 'per-user folder link');
    symlinkSync(path.dirname(real), path.join(folders, 'linked-bucket'));
    assert.deepEqual(darwinUserDirs(PATRON, folders), { bases: {}, candidates: 0 }, 'bucket link');
    symlinkSync(path.join(base, 'outside'), path.join(base, 'folders-link'));
    assert.deepEqual(darwinUserDirs(PATRON, path.join(base, 'folders-link')), { bases: {}, candidates: 0 }, 'root link');
    assert.equal(darwinUserDirs(PATRON, path.join(base, 'outside')).candidates, 1, 'the same tree, reached without a link');
  });
});

test('outsideHome: macOS per-user folders of the uid (two candidates: none, reported); Windows Recycle Bin of the SID; nothing on Linux', (t) => {
  withFolders(t, (folders) => {
    const dir = userFolder(folders, 'x3', 'abcd', PATRON);
    const account = { name: 'patron', uid: PATRON, home: '/Users/patron' };
    assert.deepEqual(outsideHome(account, 'darwin', folders), {
      bases: { darwinUserTemp: path.join(dir, 'T'), darwinUserCache: path.join(dir, 'C') },
      problems: [],
    });
    assert.deepEqual(outsideHome({ ...account, uid: PATRON + 1 }, 'darwin', folders), { problems: [] });
    assert.deepEqual(outsideHome(account, 'linux', folders), { problems: [] });
    const win = outsideHome({ name: 'patron', home: 'C:\\Users\\patron', sid: 'S-1-5-21-1-2-3-1001' }, 'win32');
    assert.match(win.bases?.recycleBin ?? '', /\\\$Recycle\.Bin\\S-1-5-21-1-2-3-1001$/);
    userFolder(folders, 'y7', 'efgh', PATRON);
    assert.deepEqual(
      outsideHome(account, 'darwin', folders),
      { problems: [{ category: 'temp', code: 'E_ROOT_REFUSED' }] },
      'ambiguous: not guessed, reported',
    );
  });
});
