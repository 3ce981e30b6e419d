/**
 * The walk under attack, with real files: a patron process that survived logout renames the
 * graveyard and puts a link to another folder in its place, and swaps a subfolder for a link,
 * while the walk runs (driven through its test hook, between its lstat and its next step). The
 * walk deletes only inside the original tree; the planted files outside are all intact; counts
 * are exact. Also: leftover graveyards are reaped only if they pass their checks, the macOS /
 * Windows path walk re-checks the graveyard, and without /proc the Linux walk refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '../../../../main/agent/catalog/browsers/chromium.js';
import { walkPaths, walkTree } from '../../../../main/agent/wipe/fs/tree.js';
import { layout, listTree, removeTree, tempDir } from '../../../support/tree.js';
import { selectionFor, wipeFor } from '../../../support/wipe-run.js';
import { skipOrFail } from '../../../support/skip.js';

const GRAVE = '.tabula-graveyard-0123456789ab';
const PLANTED = { '0/a/f0': 'P', '1/sub/s0': 'P', '2': 'P', 'keep.txt': 'P' };

/** home/<GRAVE> with 11 removable entries, outside1/outside2 with files named like its entries. */
function scene(base: string): { home: string; grave: string; id: { dev: number; ino: number } } {
  layout(base, {
    'home/.bashrc': 'x',
    ...Object.fromEntries(['f0', 'f1', 'f2', 'f3', 'f4'].map((f) => [`home/${GRAVE}/0/a/${f}`, 'abc'])),
    [`home/${GRAVE}/1/sub/s0`]: 'in sub',
    [`home/${GRAVE}/1/sub/s1`]: 'in sub',
    [`home/${GRAVE}/1/t0`]: 'tt',
    [`home/${GRAVE}/1/t1`]: 'tt',
    [`home/${GRAVE}/2`]: 'two',
    ...Object.fromEntries(
      Object.entries(PLANTED).flatMap(([k, v]) => [
        [`outside1/${k}`, v],
        [`outside2/${k}`, v],
      ]),
    ),
    'outside2/s0': 'P',
  });
  const grave = path.join(base, 'home', GRAVE);
  symlinkSync(path.join(base, 'outside1'), path.join(grave, '3')); // a link inside the tree: unlinked only
  chmodSync(grave, 0o700);
  const st = lstatSync(grave);
  return { home: path.join(base, 'home'), grave, id: { dev: st.dev, ino: st.ino } };
}

test('graveyard renamed and replaced by a link, a subfolder swapped for a link, mid-walk: only the original tree is deleted', () => {
  const base = tempDir();
  try {
    const { home, grave, id } = scene(base);
    const moved = path.join(home, 'moved');
    const stash = path.join(base, 'stash');
    const result = walkTree(grave, id.dev, true, false, {
      self: id,
      onStep: (step, rel) => {
        if (step === 'opened' && rel === '') {
          renameSync(grave, moved); // the graveyard, opened and about to be listed, is renamed away...
          symlinkSync(path.join(base, 'outside1'), grave); // ...and its name now points outside
        }
        if (step === 'lstat' && rel === '1/sub') {
          const where = lstatSync(moved).isDirectory() ? moved : grave;
          renameSync(path.join(where, '1', 'sub'), stash); // a folder the walk has just lstat'ed...
          symlinkSync(path.join(base, 'outside2'), path.join(where, '1', 'sub')); // ...becomes a link
        }
      },
    });
    const planted = ['0/', '0/a/', '0/a/f0', '1/', '1/sub/', '1/sub/s0', '2', 'keep.txt'];
    assert.deepEqual(listTree(path.join(base, 'outside1')), planted, 'outside1 intact');
    assert.deepEqual(listTree(path.join(base, 'outside2')), [...planted, 's0'].sort(), 'outside2 intact');
    assert.deepEqual(listTree(stash), ['s0', 's1'], 'the swapped-out folder is left as it was');
    assert.deepEqual(listTree(moved), ['1/', '1/sub'], 'the rest of the original tree is gone; the link swapped in stays');
    // Removed: 0/a/f0..f4, 0/a, 0, 1/t0, 1/t1, 2, the link 3.
    assert.equal(result.items, 11);
    assert.equal(result.bytes, 5 * 3 + 2 * 2 + 3);
    // The swapped subfolder and the renamed graveyard are left (E_IDENTITY_CHANGED); 1/ is not empty (E_BUSY).
    assert.deepEqual([...result.failures].sort(), ['E_BUSY', 'E_IDENTITY_CHANGED', 'E_IDENTITY_CHANGED']);
    assert.ok(lstatSync(grave).isSymbolicLink(), "the link put in the graveyard's place is not touched");
    assert.equal(readFileSync(path.join(home, '.bashrc'), 'utf8'), 'x');
  } finally {
    removeTree(base);
  }
});

test('a graveyard already replaced by a link before the walk: nothing is deleted, through it or elsewhere', () => {
  const base = tempDir();
  try {
    const { home, grave, id } = scene(base);
    renameSync(grave, path.join(home, 'moved'));
    symlinkSync(path.join(base, 'outside1'), grave);
    for (const walk of [walkTree, walkPaths]) {
      const result = walk(grave, id.dev, true, false, { self: id });
      assert.deepEqual(result, { items: 0, bytes: 0, failures: ['E_IDENTITY_CHANGED'] });
    }
    // An item of it, pinned to the graveyard's identity.
    for (const walk of [walkTree, walkPaths]) {
      const result = walk(path.join(grave, '0'), id.dev, true, false, { parent: id });
      assert.deepEqual(result, { items: 0, bytes: 0, failures: ['E_IDENTITY_CHANGED'] });
    }
    assert.equal(listTree(path.join(base, 'outside1')).length, 8);
    assert.equal(listTree(path.join(home, 'moved')).length, 15);
  } finally {
    removeTree(base);
  }
});

test('path walk (macOS/Windows): the graveyard is re-checked before each listing; a swap stops the walk', () => {
  const base = tempDir();
  try {
    const { home, grave, id } = scene(base);
    // The swap comes in the window this walk leaves open (after the check, before the listing):
    // the listing goes through the link, but the next folder's check stops the walk.
    const result = walkPaths(path.join(grave, '1'), id.dev, true, false, {
      parent: id,
      onStep: (step, rel) => {
        if (step === 'opened' && rel === '') {
          renameSync(grave, path.join(home, 'moved'));
          symlinkSync(path.join(base, 'outside1'), grave);
        }
      },
    });
    assert.deepEqual(result, { items: 0, bytes: 0, failures: ['E_IDENTITY_CHANGED'] });
    assert.equal(listTree(path.join(base, 'outside1')).length, 8, 'nothing planted was deleted');
  } finally {
    removeTree(base);
  }
});

test('leftover graveyards: only real, agent-owned, 0700, well-named folders are reaped; imitations are left alone, not failures', async () => {
  const base = tempDir();
  try {
    const g = (hex: string) => `home/.tabula-graveyard-${hex.repeat(12)}`;
    layout(base, {
      'home/.bashrc': 'x',
      [`${g('a')}/7/History`]: 'interrupted',
      [`${g('b')}/7/History`]: 'wrong mode',
      [`${g('c')}/7/History`]: 'wrong owner',
      'home/.tabula-graveyard-x/7/History': 'wrong name',
      'outside/7/History': 'precious',
    });
    const home = path.join(base, 'home');
    for (const h of ['a', 'c', 'x']) chmodSync(path.join(base, h === 'x' ? 'home/.tabula-graveyard-x' : g(h)), 0o700);
    chmodSync(path.join(base, g('b')), 0o755);
    const root = process.geteuid?.() === 0;
    if (root) chownSync(path.join(base, g('c')), 12345, 12345);
    symlinkSync(path.join(base, 'outside'), path.join(base, g('d')));
    const summary = await wipeFor(selectionFor(base), [chromium]);
    const top = listTree(home).filter((p) => !/\/./.test(p));
    const left = ['.bashrc', `${g('b')}/`, `${g('d')}`, 'home/.tabula-graveyard-x/', ...(root ? [`${g('c')}/`] : [])];
    assert.deepEqual(top, left.map((p) => p.replace(/^home\//, '')).sort(), 'only the good graveyard was reaped');
    assert.deepEqual(summary.failures, [], 'an imitation must not make every wipe partial');
    assert.equal(summary.outcome, 'clean');
    assert.equal(readFileSync(path.join(base, 'outside/7/History'), 'utf8'), 'precious');
    assert.equal(readFileSync(path.join(base, g('b'), '7/History'), 'utf8'), 'wrong mode');
  } finally {
    removeTree(base);
  }
});

test('without /proc the Linux walk refuses (E_UNSUPPORTED) and deletes nothing', (t) => {
  if (process.platform !== 'linux') return t.skip('Linux only');
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'umount -l /proc && echo ok']);
  if (probe.stdout?.toString().trim() !== 'ok') {
    return void skipOrFail(t, 'needs unshare -m and umount /proc (root)');
  }
  const base = tempDir();
  try {
    const { grave, id } = scene(base);
    const tree = pathToFileURL(path.resolve(import.meta.dirname, '../../../../main/agent/wipe/fs/tree.js')).href;
    const script = `import { walkTree } from '${tree}';
      process.stdout.write(JSON.stringify(walkTree(process.argv[1], ${id.dev}, true, false, { self: { dev: ${id.dev}, ino: ${id.ino} } })));`;
    const r = spawnSync('unshare', [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      'umount -l /proc && exec "$0" --input-type=module -e "$1" "$2"',
      process.execPath,
      script,
      grave,
    ]);
    assert.equal(r.status, 0, r.stderr?.toString());
    assert.deepEqual(JSON.parse(r.stdout.toString()), { items: 0, bytes: 0, failures: ['E_UNSUPPORTED'] });
    assert.equal(listTree(grave).length, 15, 'nothing deleted');
  } finally {
    removeTree(base);
  }
});
