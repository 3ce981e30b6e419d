import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, linkSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { selectionFor, wipeFor } from '../../support/wipe-run.js';

test('overwrite zeroes downloads before unlinking, but never a file with another hard link', async () => {
  const base = tempDir();
  try {
    layout(base, { 'home/Downloads/secret.pdf': 'SECRET-CONTENT', 'home/Desktop/other.txt': 'x', 'outside/shared.txt': 'PRECIOUS' });
    linkSync(path.join(base, 'outside/shared.txt'), path.join(base, 'home/Desktop/hardlink.txt'));
    const fd = openSync(path.join(base, 'home/Downloads/secret.pdf'), 'r'); // keeps the inode readable after unlink
    try {
      const summary = await wipeFor(selectionFor(base), CATALOG, { overwrite: ['downloads', 'desktop'] });
      assert.equal(summary.outcome, 'clean');
      const buf = Buffer.alloc(14);
      readSync(fd, buf, 0, 14, 0);
      assert.deepEqual(buf, Buffer.alloc(14), 'the deleted file was zeroed');
    } finally {
      closeSync(fd);
    }
    assert.equal(readFileSync(path.join(base, 'outside/shared.txt'), 'utf8'), 'PRECIOUS');
  } finally {
    removeTree(base);
  }
});

test('without overwrite, bytes are only unlinked', async () => {
  const base = tempDir();
  try {
    layout(base, { 'home/Downloads/secret.pdf': 'SECRET-CONTENT' });
    const fd = openSync(path.join(base, 'home/Downloads/secret.pdf'), 'r');
    try {
      await wipeFor(selectionFor(base), CATALOG);
      const buf = Buffer.alloc(14);
      readSync(fd, buf, 0, 14, 0);
      assert.equal(buf.toString(), 'SECRET-CONTENT');
    } finally {
      closeSync(fd);
    }
  } finally {
    removeTree(base);
  }
});
