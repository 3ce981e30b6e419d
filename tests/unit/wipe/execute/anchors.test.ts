/**
 * The executor's anchors: folders opened beneath the pinned root are kept for the next items,
 * and dropped once an item at or above them was moved, so nothing is later found (or restored)
 * inside the graveyard through a descriptor taken before the move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Anchors } from '../../../../main/agent/wipe/execute/place.js';
import { itemType } from '../../../../main/agent/wipe/plan/classify.js';
import type { PlanItem } from '../../../../main/agent/wipe/types.js';
import { removeTree, tempDir } from '../../../support/tree.js';

const linuxOnly = process.platform === 'linux' ? {} : { skip: 'descriptors beneath a root: Linux' };

function itemAt(root: string, p: string): PlanItem {
  const st = lstatSync(p);
  const parent = lstatSync(path.dirname(p));
  return {
    path: p,
    raw: Buffer.from(p),
    entry: 'test',
    category: 'cache',
    type: itemType(st),
    dev: st.dev,
    ino: st.ino,
    parentDev: parent.dev,
    parentIno: parent.ino,
    root,
  };
}

const openFds = () => readdirSync('/proc/self/fd').length;

test('items that share folders open each folder once; closing releases every descriptor', linuxOnly, (t) => {
  const root = tempDir('tabula-anchors-');
  t.after(() => removeTree(root));
  const files = ['a/b/c/one', 'a/b/c/two', 'a/b/d/three', 'a/e/four'].map((rel) => path.join(root, rel));
  for (const f of files) {
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, 'x');
  }
  const rootSt = lstatSync(root);
  const before = openFds();
  const anchors = new Anchors(new Map([[root, { dev: rootSt.dev, ino: rootSt.ino }]]));
  for (const f of files) assert.equal(typeof anchors.locate(itemAt(root, f)), 'object', 'found where planned');
  // root, a, a/b, a/b/c, a/b/d, a/e: six folders, not one chain per item (which would be eleven)
  assert.equal(openFds() - before, 6);
  anchors.close();
  assert.equal(openFds(), before);
});

test('after a folder item was moved, an item below it is gone, not found inside the graveyard', linuxOnly, (t) => {
  const root = tempDir('tabula-anchors-');
  t.after(() => removeTree(root));
  const deep = path.join(root, 'profile', 'Cache', 'data', 'f_000001');
  mkdirSync(path.dirname(deep), { recursive: true });
  writeFileSync(deep, 'x');
  const rootSt = lstatSync(root);
  const below = itemAt(root, deep);
  const folder = itemAt(root, path.join(root, 'profile', 'Cache'));
  const anchors = new Anchors(new Map([[root, { dev: rootSt.dev, ino: rootSt.ino }]]));
  t.after(() => anchors.close());
  assert.equal(typeof anchors.locate(below), 'object', 'located once: its folders are now kept open');
  mkdirSync(path.join(root, 'graveyard'));
  renameSync(folder.path, path.join(root, 'graveyard', '0'));
  anchors.acted(folder);
  assert.equal(anchors.locate(below), 'gone');
});

test('a folder swapped after it was kept is opened afresh for an item planned in the new one', linuxOnly, (t) => {
  const root = tempDir('tabula-anchors-');
  t.after(() => removeTree(root));
  const first = path.join(root, 'a', 'b', 'one');
  mkdirSync(path.dirname(first), { recursive: true });
  writeFileSync(first, 'x');
  const rootSt = lstatSync(root);
  const anchors = new Anchors(new Map([[root, { dev: rootSt.dev, ino: rootSt.ino }]]));
  t.after(() => anchors.close());
  assert.equal(typeof anchors.locate(itemAt(root, first)), 'object');
  // The patron moves a/b away and makes a new a/b holding a file planned now: its folder is not
  // the kept one, so the way to it is opened again and the new file is the one found.
  renameSync(path.join(root, 'a', 'b'), path.join(root, 'a', 'old'));
  const second = path.join(root, 'a', 'b', 'two');
  mkdirSync(path.dirname(second));
  writeFileSync(second, 'y');
  const item = itemAt(root, second);
  const found = anchors.locate(item);
  assert.ok(typeof found === 'object', 'found in the new folder');
  assert.equal(lstatSync(found.from).ino, item.ino);
});
