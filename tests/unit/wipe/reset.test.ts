import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { captureBaseline, loadBaseline } from '../../../main/agent/wipe/baseline.js';
import { readPatronFile } from '../../../main/agent/wipe/fs/patron-file.js';
import { plan } from '../../../main/agent/wipe/plan/planner.js';
import { asCaptured, type FileAccess } from '../../../main/agent/wipe/plan/reset-planner.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor, wipeFor } from '../../support/wipe-run.js';

test('reset restores the baseline: deletes additions, restores changes and losses, keeps the unchanged', async () => {
  const base = tempDir();
  const home = path.join(base, 'home');
  try {
    layout(base, {
      'home/.bashrc': 'baseline bashrc',
      'home/.config/someapp/settings.ini': 'a=1',
      'home/.config/chromium/First Run': '',
      'home/Desktop/Library catalogue.desktop': '[Desktop Entry]',
      'home/.local/share/keep/unchanged.txt': 'same',
      'outside/keep.txt': 'precious',
    });
    symlinkSync('.config/someapp', path.join(home, 'app-link'));
    chmodSync(path.join(home, '.bashrc'), 0o640);
    captureBaseline(home, path.join(base, 'state'));
    const unchanged = statSync(path.join(home, '.local/share/keep/unchanged.txt')).ino;

    // The patron's session:
    writeFileSync(path.join(home, '.bashrc'), 'patron edited');
    removeTree(path.join(home, '.config/someapp'));
    removeTree(path.join(home, 'app-link'));
    symlinkSync(path.join(base, 'outside'), path.join(home, 'app-link'));
    layout(home, {
      '.config/chromium/Default/History': 'patron history',
      '.someotherapp/state.db': 'patron traces in an uncatalogued app',
      'Desktop/my notes.txt': 'patron file',
      'Downloads/file.pdf': 'download',
    });

    const selection = selectionFor(base, { mode: 'reset', platform: 'linux' });
    const summary = await wipeFor(selection, CATALOG);
    assert.equal(summary.outcome, 'clean', JSON.stringify(summary.failures));
    assert.deepEqual(listTree(home), [
      '.bashrc',
      '.config/',
      '.config/chromium/',
      '.config/chromium/First Run',
      '.config/someapp/',
      '.config/someapp/settings.ini',
      '.local/',
      '.local/share/',
      '.local/share/keep/',
      '.local/share/keep/unchanged.txt',
      'Desktop/',
      'Desktop/Library catalogue.desktop',
      'app-link',
    ]);
    assert.equal(readFileSync(path.join(home, '.bashrc'), 'utf8'), 'baseline bashrc');
    assert.equal(statSync(path.join(home, '.bashrc')).mode & 0o777, 0o640);
    assert.equal(readlinkSync(path.join(home, 'app-link')), '.config/someapp');
    assert.equal(statSync(path.join(home, '.local/share/keep/unchanged.txt')).ino, unchanged, 'unchanged files are left');
    assert.equal(readFileSync(path.join(base, 'outside/keep.txt'), 'utf8'), 'precious');
    assert.equal(summary.categories.history?.items, 1);
    assert.equal(summary.categories.desktop?.items, 1);
    assert.ok((summary.categories['app-data']?.items ?? 0) >= 2);
    assert.equal(planFor(selection, CATALOG).items.length, 0, 'a re-plan finds nothing to reset');
  } finally {
    removeTree(base);
  }
});

test('reset without a baseline is a clear error', () => {
  const base = tempDir();
  try {
    layout(base, { 'home/.bashrc': 'x' });
    assert.throws(() => planFor(selectionFor(base, { mode: 'reset' }), CATALOG), /No baseline exists/);
  } finally {
    removeTree(base);
  }
});

test('reset reads only files not as captured: same size and times but new content is read and restored', async () => {
  const base = tempDir();
  const home = path.join(base, 'home');
  try {
    layout(base, { 'home/.config/app/kept.ini': 'kept=1', 'home/.config/app/forged.ini': 'mode=a', 'home/.bashrc': 'rc' });
    // Files of a set-up machine are older than the capture's settling time (3 s); these were just written.
    captureBaseline(home, path.join(base, 'state'), { now: () => Date.now() + 10_000 });
    const entries = loadBaseline(path.join(base, 'state'), home).entries;
    const forged = path.join(home, '.config/app/forged.ini');
    const kept = path.join(home, '.config/app/kept.ini');
    assert.equal(entries['.config/app/kept.ini']?.ino, statSync(kept).ino, 'the capture records the inode it read');
    assert.ok(asCaptured(statSync(kept), entries['.config/app/kept.ini']!), 'an untouched file is as captured');
    assert.equal(asCaptured(statSync(kept), entries['.config/app/kept.ini']!, 'win32'), false, 'never on Windows');
    captureBaseline(home, path.join(base, 'fresh-state'));
    assert.equal(
      loadBaseline(path.join(base, 'fresh-state'), home).entries['.bashrc']?.ctimeMs,
      undefined,
      'not for a file changed just now',
    );

    // The patron rewrites a file with the same size and puts its times back (touch -r): only the change time tells.
    const before = statSync(forged);
    writeFileSync(forged, 'mode=b');
    utimesSync(forged, before.atimeMs / 1000, before.mtimeMs / 1000);
    assert.ok(Math.abs(statSync(forged).mtimeMs - before.mtimeMs) < 1 && statSync(forged).size === before.size);
    assert.equal(asCaptured(statSync(forged), entries['.config/app/forged.ini']!), false);

    const read: string[] = [];
    const files: FileAccess = {
      locked: () => false,
      read: (file, max, anchor) => {
        read.push(path.relative(home, file));
        return readPatronFile(file, max, anchor);
      },
    };
    const selection = selectionFor(base, { mode: 'reset', platform: 'linux' });
    const planned = plan(selection, { catalog: CATALOG, knownHomes: [], files });
    assert.deepEqual(read, ['.config/app/forged.ini'], 'only the file whose change time moved is read');
    assert.deepEqual(
      planned.items.map((item) => path.relative(home, item.path)),
      ['.config/app/forged.ini'],
    );
    const summary = await wipeFor(selection, CATALOG);
    assert.equal(summary.outcome, 'clean', JSON.stringify(summary.failures));
    assert.equal(readFileSync(forged, 'utf8'), 'mode=a', 'restored from the baseline');
    assert.equal(readFileSync(kept, 'utf8'), 'kept=1');
  } finally {
    removeTree(base);
  }
});
