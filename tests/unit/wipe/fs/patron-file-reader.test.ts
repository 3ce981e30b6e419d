/** The reset planner's reader: one anchored open per folder, the same answers as readPatronFile, nothing left open. */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { patronFileReader, readPatronFile } from '../../../../main/agent/wipe/fs/patron-file.js';
import { removeTree, tempDir } from '../../../support/tree.js';

const openFds = () => readdirSync('/proc/self/fd').length;

test('patronFileReader answers as readPatronFile for every kind of entry, keeps a bounded number of folders open and closes them', (t) => {
  if (process.platform !== 'linux') return t.skip('Linux only (elsewhere it is readPatronFile)');
  const home = tempDir('tabula-reader-');
  try {
    const files: string[] = [];
    for (let d = 0; d < 40; d++) {
      const dir = path.join(home, 'a', `d${d}`, 'deep');
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 3; f++) {
        writeFileSync(path.join(dir, `f${f}`), `content ${d}/${f}`);
        files.push(path.join(dir, `f${f}`));
      }
    }
    writeFileSync(path.join(home, 'top'), 'top');
    writeFileSync(path.join(home, 'big'), Buffer.alloc(2048));
    mkdirSync(path.join(home, 'real'));
    writeFileSync(path.join(home, 'real', 'secret'), 'outside');
    symlinkSync(path.join(home, 'real'), path.join(home, 'linked'));
    symlinkSync(path.join(home, 'top'), path.join(home, 'file-link'));
    execFileSync('mkfifo', [path.join(home, 'fifo')]);
    const extra = [
      path.join(home, 'top'),
      path.join(home, 'big'),
      path.join(home, 'linked', 'secret'),
      path.join(home, 'file-link'),
      path.join(home, 'fifo'),
      path.join(home, 'missing'),
      path.join(home, 'a', 'nope', 'x'),
    ];
    const st = lstatSync(home);
    const anchor = { path: home, dev: st.dev, ino: st.ino };
    const before = openFds();
    const reader = patronFileReader();
    let peak = 0;
    for (const file of [...files, ...extra, ...files.slice(0, 5)]) {
      assert.deepEqual(reader.read(file, 1024, anchor), readPatronFile(file, 1024, anchor), file.slice(home.length));
      peak = Math.max(peak, openFds() - before);
    }
    assert.equal(reader.read(path.join(home, 'linked', 'secret'), 1024, anchor).ok, false, 'a link on the way is never followed');
    assert.ok(peak <= 34, `at most the kept folders and the root are open (${peak})`);
    reader.close();
    assert.equal(openFds(), before, 'close releases every folder');
  } finally {
    removeTree(home);
  }
});
