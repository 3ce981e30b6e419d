/**
 * beneath.ts: opening below a pinned root by descriptor. A folder on the way swapped for a link,
 * a FIFO or a link in the file's place, and a root that is no longer the pinned inode are refused
 * (E_IDENTITY_CHANGED), never followed, and never block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { openPatronFile, segmentsBelow } from '../../../../main/agent/wipe/fs/beneath.js';
import { TabulaError } from '../../../../main/agent/base/errors.js';
import { layout, removeTree, tempDir } from '../../../support/tree.js';

const refused = (error: unknown) => error instanceof TabulaError && error.code === 'E_IDENTITY_CHANGED';

test('openPatronFile reads below the pinned root and refuses links, FIFOs and a changed root', (t) => {
  if (process.platform !== 'linux') return t.skip('Linux only: descriptors through /proc/self/fd');
  const base = tempDir();
  try {
    layout(base, {
      'home/.config/user-dirs.dirs': 'XDG_DOWNLOAD_DIR="$HOME/D"\n',
      'outside/user-dirs.dirs': 'SECRET',
      'home/fifo-dir/': '',
    });
    const home = path.join(base, 'home');
    const id = lstatSync(home);
    const fd = openPatronFile(home, id, path.join(home, '.config', 'user-dirs.dirs'));
    assert.match(readFileSync(fd, 'utf8'), /XDG_DOWNLOAD_DIR/);
    closeSync(fd);

    execFileSync('mkfifo', [path.join(home, 'fifo-dir', 'profiles.ini')]);
    assert.throws(() => openPatronFile(home, id, path.join(home, 'fifo-dir', 'profiles.ini')), refused, 'a FIFO: refused at once');
    symlinkSync(path.join(base, 'outside', 'user-dirs.dirs'), path.join(home, 'link.ini'));
    assert.throws(() => openPatronFile(home, id, path.join(home, 'link.ini')), refused, "a link in the file's place");

    renameSync(path.join(home, '.config'), path.join(home, '.config-real'));
    symlinkSync(path.join(base, 'outside'), path.join(home, '.config'));
    assert.throws(
      () => openPatronFile(home, id, path.join(home, '.config', 'user-dirs.dirs')),
      refused,
      'a folder on the way swapped for a link',
    );

    assert.throws(() => openPatronFile(home, lstatSync(path.join(base, 'outside')), path.join(home, 'x')), refused, 'the root changed');
    assert.throws(() => segmentsBelow(home, path.join(base, 'outside', 'x')), refused, 'a path not below the root');
    assert.deepEqual(
      segmentsBelow(home, Buffer.from(`${home}/a//b\xe9`, 'latin1')).map((b) => b.toString('latin1')),
      ['a', 'b\xe9'],
    );
  } finally {
    removeTree(base);
  }
});
