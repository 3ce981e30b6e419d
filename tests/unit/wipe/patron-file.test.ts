/** readPatronFile: never through a link, never blocking on a FIFO, never beyond the size limit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { linesOf, readPatronFile, readPatronText } from '../../../main/agent/wipe/fs/patron-file.js';
import { parseProfilesIni } from '../../../main/agent/wipe/plan/profiles-ini.js';
import { parseUserDirs } from '../../../main/agent/wipe/plan/bases.js';
import { removeTree, tempDir } from '../../support/tree.js';

test('a regular file is read whole; missing is "missing"', () => {
  const base = tempDir();
  try {
    writeFileSync(path.join(base, 'a.ini'), 'Path=x\n');
    assert.deepEqual(readPatronText(path.join(base, 'a.ini')), { ok: true, text: 'Path=x\n' });
    assert.deepEqual(readPatronFile(path.join(base, 'nope')), { ok: false, failure: 'missing' });
    assert.deepEqual(readPatronFile(path.join(base, 'nope', 'deeper')), { ok: false, failure: 'missing' });
  } finally {
    removeTree(base);
  }
});

test(
  'a FIFO (directly or through a link) is refused at once, never waited on; a link is never followed',
  { skip: process.platform === 'win32' },
  () => {
    const base = tempDir();
    try {
      const fifo = path.join(base, 'fifo');
      execFileSync('mkfifo', [fifo]);
      symlinkSync(fifo, path.join(base, 'to-fifo'));
      writeFileSync(path.join(base, 'secret'), 'root only');
      symlinkSync(path.join(base, 'secret'), path.join(base, 'to-secret'));
      mkdirSync(path.join(base, 'dir'));
      assert.deepEqual(readPatronFile(fifo), { ok: false, failure: 'not-regular' });
      assert.deepEqual(readPatronFile(path.join(base, 'to-fifo')), { ok: false, failure: 'not-regular' });
      assert.deepEqual(readPatronFile(path.join(base, 'to-secret')), { ok: false, failure: 'not-regular' });
      assert.deepEqual(readPatronFile(path.join(base, 'dir')), { ok: false, failure: 'not-regular' });
    } finally {
      removeTree(base);
    }
  },
);

test('a file over the limit is "too-large"; at the limit it is read', () => {
  const base = tempDir();
  try {
    writeFileSync(path.join(base, 'big'), Buffer.alloc(1001, 0x0a));
    assert.deepEqual(readPatronFile(path.join(base, 'big'), 1000), { ok: false, failure: 'too-large' });
    const r = readPatronFile(path.join(base, 'big'), 1001);
    assert.ok(r.ok && r.data.length === 1001);
    writeFileSync(path.join(base, 'empty'), '');
    const e = readPatronFile(path.join(base, 'empty'), 0);
    assert.ok(e.ok && e.data.length === 0);
  } finally {
    removeTree(base);
  }
});

test('lines are split in one pass, CRLF or LF, with the last line kept', () => {
  assert.deepEqual([...linesOf('a\r\nb\n\nc')], ['a', 'b', '', 'c']);
  assert.deepEqual([...linesOf('')], ['']);
  assert.deepEqual(parseUserDirs('XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\r\nXDG_DESKTOP_DIR="$HOME/../etc"\n'), {
    XDG_DOWNLOAD_DIR: ['Téléchargements'],
  });
});

test('profiles.ini: relative paths in order, duplicates once, `..` and absolute dropped, bounded', () => {
  const text =
    '[Profile0]\nPath=a.default\n[Profile1]\nIsRelative=0\nPath=/abs\n[Profile2]\nPath=../up\n[Profile3]\nPath = Profiles/b \n[Profile4]\npath=a.default\n';
  assert.deepEqual(parseProfilesIni(text), { profiles: [['a.default'], ['Profiles', 'b']], bad: false });
  const many = Array.from({ length: 5 }, (_, i) => `[P${i}]\nPath=p${i}`).join('\n');
  assert.deepEqual(parseProfilesIni(many, 3), { profiles: [['p0'], ['p1'], ['p2']], bad: true });
  // A line that makes a backtracking regular expression quadratic is one linear pass here.
  const long = `[P]\nPath=x${' '.repeat(200_000)}y\n`;
  assert.deepEqual(parseProfilesIni(long).profiles.length, 1);
});

test('the kept-ini check is linear too: a long line of spaces is one pass', async () => {
  const { iniPathsRelative } = await import('../../../main/agent/wipe/plan/keep-check.js');
  assert.equal(iniPathsRelative(`[P]\nPath=x${' '.repeat(200_000)}y\n`), true);
  assert.equal(iniPathsRelative('[P]\nIsRelative=0\nPath=/abs\n'), false);
  assert.equal(iniPathsRelative('[P]\r\npath = ../up\r\n'), false);
  assert.equal(iniPathsRelative('[P]\nDefault=C:\\\\x\n'), false);
});

test('anchored on its root, a folder above the file swapped for a link is refused (Linux)', (t) => {
  if (process.platform !== 'linux') return t.skip('Linux only: anchored opens go through /proc/self/fd');
  const base = tempDir();
  try {
    const home = path.join(base, 'home');
    const elsewhere = path.join(base, 'staff');
    mkdirSync(path.join(home, '.mozilla', 'firefox'), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(path.join(home, '.mozilla', 'firefox', 'profiles.ini'), '[Profile0]\nPath=a\n');
    writeFileSync(path.join(elsewhere, 'profiles.ini'), '[Profile0]\nPath=../../../etc\n');
    const file = path.join(home, '.mozilla', 'firefox', 'profiles.ini');
    const st = lstatSync(home);
    const anchor = { path: home, dev: st.dev, ino: st.ino };
    const real = readPatronText(file, undefined, anchor);
    assert.ok(real.ok && real.text.includes('Path=a'));
    rmSync(path.join(home, '.mozilla', 'firefox'), { recursive: true });
    symlinkSync(elsewhere, path.join(home, '.mozilla', 'firefox'));
    assert.deepEqual(readPatronText(file, undefined, anchor), { ok: false, failure: 'not-regular' });
    assert.ok(readPatronText(file).ok, 'without an anchor the swapped folder redirects the open (what the anchor prevents)');
    assert.equal(readPatronText(path.join(home, 'nothing', 'profiles.ini'), undefined, anchor).ok, false);
    assert.deepEqual(readPatronText(path.join(home, 'missing.ini'), undefined, anchor), { ok: false, failure: 'missing' });
  } finally {
    removeTree(base);
  }
});
