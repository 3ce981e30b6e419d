/**
 * Extra roots (bases outside the home: macOS per-user temp and cache, Windows Recycle Bin) on real
 * trees with real links: a link anywhere on the path, or a root inside another account's home, is
 * refused and nothing there is touched, while the rest of the home is still wiped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { plan } from '../../../main/agent/wipe/plan/planner.js';
import { pinRoot } from '../../../main/agent/wipe/plan/roots.js';
import type { Selection } from '../../../main/agent/wipe/types.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { selectionFor, wipeFor } from '../../support/wipe-run.js';

const HOME = { 'home/Downloads/a.zip': 'download', 'home/Library/Preferences/com.apple.dock.plist': 'skeleton' };
const TEMP_FILES = { 'T/session.tmp': 'patron temp', 'T/sub/cache.bin': 'x', 'T/.hidden': 'h' };

function under(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([rel, content]) => [`${prefix}/${rel}`, content]));
}

function darwin(base: string, bases: Selection['targets'][number]['bases']): Selection {
  const selection = selectionFor(base, { platform: 'darwin' });
  selection.targets[0]!.bases = bases;
  return selection;
}

const homeFiles = (base: string) => listTree(path.join(base, 'home')).filter((p) => !p.endsWith('/'));

test('a normal extra root is wiped: per-user temp contents and the QuickLook thumbnail cache', async () => {
  const base = tempDir();
  try {
    layout(base, {
      ...HOME,
      ...under('vf/xx/id', TEMP_FILES),
      'vf/xx/id/C/com.apple.QuickLook.thumbnailcache/thumbnails.data': 't',
      'vf/xx/id/C/com.other.app/keep.db': 'k',
    });
    const dir = path.join(base, 'vf', 'xx', 'id');
    const summary = await wipeFor(darwin(base, { darwinUserTemp: path.join(dir, 'T'), darwinUserCache: path.join(dir, 'C') }), CATALOG);
    assert.deepEqual(summary.failures, []);
    assert.deepEqual(listTree(dir), ['C/', 'C/com.apple.QuickLook.thumbnailcache/', 'C/com.other.app/', 'C/com.other.app/keep.db', 'T/']);
    assert.deepEqual(homeFiles(base), ['Library/Preferences/com.apple.dock.plist']);
  } finally {
    removeTree(base);
  }
});

test('an extra root that is a link is refused; its target survives and the home is still wiped', async () => {
  const base = tempDir();
  try {
    layout(base, { ...HOME, ...under('victim', TEMP_FILES), 'vf/xx/id/C/': '' });
    const before = listTree(path.join(base, 'victim'));
    symlinkSync(path.join(base, 'victim', 'T'), path.join(base, 'vf', 'xx', 'id', 'T'));
    const summary = await wipeFor(darwin(base, { darwinUserTemp: path.join(base, 'vf', 'xx', 'id', 'T') }), CATALOG);
    assert.deepEqual(listTree(path.join(base, 'victim')), before, 'nothing behind the link is touched');
    assert.ok(
      summary.failures.some((f) => f.category === 'temp' && f.code === 'E_ROOT_REFUSED'),
      'the refusal is counted',
    );
    assert.notEqual(summary.outcome, 'clean');
    assert.deepEqual(homeFiles(base), ['Library/Preferences/com.apple.dock.plist'], 'the rest of the home is wiped');
  } finally {
    removeTree(base);
  }
});

test('a link on any folder of the path (a junction above the Recycle Bin) is refused with a fixed reason', async () => {
  const base = tempDir();
  try {
    layout(base, { ...under('shared/S-1-5-21-1-2-3-1001', { '$RABCDEF.pdf': "not the patron's", '$IABCDEF.pdf': 'i' }), 'home/': '' });
    symlinkSync(path.join(base, 'shared'), path.join(base, 'recycle-link'));
    const bin = path.join(base, 'recycle-link', 'S-1-5-21-1-2-3-1001');
    assert.throws(
      () => pinRoot(bin, 'extra', { stateDir: path.join(base, 'state'), knownHomes: [] }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_ROOT_REFUSED');
        assert.ok(!error.message.includes(base) && !error.message.includes('S-1-5-21'), 'no path in the message');
        return true;
      },
    );
    const selection = selectionFor(base, { platform: 'win32' });
    selection.targets[0]!.bases = { recycleBin: bin };
    const summary = await wipeFor(selection, CATALOG);
    assert.deepEqual(listTree(path.join(base, 'shared')), [
      'S-1-5-21-1-2-3-1001/',
      'S-1-5-21-1-2-3-1001/$IABCDEF.pdf',
      'S-1-5-21-1-2-3-1001/$RABCDEF.pdf',
    ]);
    assert.ok(summary.failures.some((f) => f.code === 'E_ROOT_REFUSED'));
    // The same folder reached without the link is pinned as usual.
    assert.equal(
      pinRoot(path.join(base, 'shared', 'S-1-5-21-1-2-3-1001'), 'extra', { stateDir: path.join(base, 'state'), knownHomes: [] }).kind,
      'extra',
    );
  } finally {
    removeTree(base);
  }
});

test('an extra root inside another known home is refused; inside the own home it is allowed', async () => {
  const base = tempDir();
  try {
    layout(base, { ...HOME, ...under('other/.stash', TEMP_FILES), ...under('home/.stash', TEMP_FILES) });
    const other = path.join(base, 'other');
    const before = listTree(other);
    const selection = darwin(base, { darwinUserTemp: path.join(other, '.stash', 'T') });
    const knownHomes = [other, path.join(base, 'home')];
    const refused = await execute(plan(selection, { catalog: CATALOG, knownHomes }), { dryRun: false });
    assert.deepEqual(listTree(other), before, "another account's home is not touched");
    assert.ok(refused.failures.some((f) => f.category === 'temp' && f.code === 'E_ROOT_REFUSED'));
    assert.throws(
      () => pinRoot(path.join(other, '.stash', 'T'), 'extra', { stateDir: path.join(base, 'state'), knownHomes }),
      (error: Error & { code?: string }) => error.code === 'E_ROOT_REFUSED' && !error.message.includes(base),
    );

    const own = darwin(base, { darwinUserTemp: path.join(base, 'home', '.stash', 'T') });
    const allowed = await execute(plan(own, { catalog: CATALOG, knownHomes }), { dryRun: false });
    assert.deepEqual(allowed.failures, []);
    assert.deepEqual(listTree(path.join(base, 'home', '.stash')), ['T/']);
  } finally {
    removeTree(base);
  }
});

test("another target's home counts as a known home even when the system does not list it", async () => {
  const base = tempDir();
  try {
    layout(base, { ...HOME, ...under('other/.stash', TEMP_FILES), 'other/Library/': '' });
    const other = path.join(base, 'other');
    const before = listTree(other);
    const selection = darwin(base, { darwinUserTemp: path.join(other, '.stash', 'T') });
    selection.targets.push({ home: other, tempRoots: [] });
    const summary = await execute(plan(selection, { catalog: CATALOG, knownHomes: [] }), { dryRun: false });
    assert.deepEqual(listTree(other), before);
    assert.ok(summary.failures.some((f) => f.code === 'E_ROOT_REFUSED'));
  } finally {
    removeTree(base);
  }
});

test('a missing extra root holds nothing to wipe: no failure, the home is wiped', async () => {
  const base = tempDir();
  try {
    layout(base, HOME);
    const summary = await wipeFor(darwin(base, { darwinUserTemp: path.join(base, 'vf', 'gone', 'T') }), CATALOG);
    assert.deepEqual(summary.failures, []);
    assert.deepEqual(homeFiles(base), ['Library/Preferences/com.apple.dock.plist']);
  } finally {
    removeTree(base);
  }
});

test('problems found while resolving a target (an ambiguous per-user folder) are reported by the wipe; the home is still wiped', async () => {
  const base = tempDir();
  try {
    layout(base, HOME);
    const selection = darwin(base, undefined);
    selection.targets[0]!.problems = [{ category: 'temp', code: 'E_ROOT_REFUSED' }];
    const summary = await wipeFor(selection, CATALOG);
    assert.deepEqual(summary.failures, [{ category: 'temp', code: 'E_ROOT_REFUSED', count: 1 }]);
    assert.notEqual(summary.outcome, 'clean');
    assert.deepEqual(homeFiles(base), ['Library/Preferences/com.apple.dock.plist']);
  } finally {
    removeTree(base);
  }
});
