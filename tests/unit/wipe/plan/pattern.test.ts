/**
 * Catalogue patterns: compiled once, a literal segment compared as a string on a case-sensitive
 * platform; and the planner's direct lookup of a literal segment (`exactName`), which must find
 * exactly what listing the folder would have found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../../main/agent/catalog/index.js';
import { exactName, isPatternPrefix, matchPath, matchSegment } from '../../../../main/agent/wipe/plan/pattern.js';
import { layout, removeTree, tempDir } from '../../../support/tree.js';
import { planFor, selectionFor } from '../../../support/wipe-run.js';

test('literal and wildcard segments match the same names as before, by case mode', () => {
  assert.equal(matchPath('Default/Cache', ['Default', 'Cache'], false), true);
  assert.equal(matchPath('Default/Cache', ['Default', 'cache'], false), false, 'case-sensitive: a literal is exact');
  assert.equal(matchPath('Default/Cache', ['default', 'CACHE'], true), true, 'case-insensitive: any case');
  assert.equal(matchPath('Profile */Cache', ['Profile 12', 'Cache'], false), true);
  assert.equal(matchPath('Profile */Cache', ['Profile 12'], false), false, 'a shorter path is no match');
  assert.equal(matchPath('a.b', ['axb'], false), false, 'a dot is a dot, not any character');
  assert.equal(matchSegment('*.sqlite', 'places.sqlite', false), true);
  assert.equal(matchSegment('*.sqlite', 'places.sqlite-wal', false), false);
  assert.equal(isPatternPrefix('Default/Cache', ['Default'], false), true);
  assert.equal(isPatternPrefix('Default/Cache', ['Default', 'Cache'], false), false, 'a match is not a proper prefix');
  assert.equal(isPatternPrefix('Default/Cache', ['default'], false), false);
});

test('exactName: only a plain, exactly decoded name on a case-sensitive platform is looked up directly', () => {
  assert.equal(exactName('.config', false), '.config');
  assert.equal(exactName('Téléchargements', false), 'Téléchargements');
  for (const segment of ['*', 'Profile *', '', '.', '..', 'a/b', 'a\\b', 'a\0b', 'T\uFFFDl']) {
    assert.equal(exactName(segment, false), undefined, JSON.stringify(segment));
  }
  assert.equal(exactName('.config', true), undefined, 'case-insensitive: the folder is listed to find its case');
});

test('a localized Downloads named with a byte that is not UTF-8 is still found (listed, not looked up)', (t) => {
  const base = tempDir();
  t.after(() => removeTree(base));
  layout(base, { 'home/.config/': '', 'home/Downloads/plain.pdf': 'x' });
  const home = path.join(base, 'home');
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), Buffer.concat([latin1('XDG_DOWNLOAD_DIR="$HOME/T\xe9l\xe9chargements"\n')]));
  const folder = Buffer.concat([Buffer.from(home + '/'), latin1('T\xe9l\xe9chargements')]);
  mkdirSync(folder);
  writeFileSync(Buffer.concat([folder, Buffer.from('/passport.pdf')]), 'passport');
  const planned = planFor(selectionFor(base, { categories: ['downloads'] }), CATALOG);
  const downloads = planned.items.filter((i) => i.category === 'downloads');
  assert.equal(downloads.length, 1, 'the one file in the localized folder');
  assert.ok(downloads[0]?.raw.equals(Buffer.concat([folder, Buffer.from('/passport.pdf')])), 'reached by its exact bytes');
});
