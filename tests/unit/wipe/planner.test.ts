import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from '../../../main/agent/catalog/browsers/chromium.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor, wipeFor } from '../../support/wipe-run.js';

const SKELETON = {
  'home/.bashrc': 'export PS1=x',
  'home/.config/someapp/settings.ini': 'a=1',
  'home/.config/chromium/First Run': '',
};

function chromiumHome(base: string): void {
  layout(base, {
    ...SKELETON,
    'home/.config/chromium/Local State': '{"profile":{"info_cache":{}}}',
    'home/.config/chromium/Default/History': 'history',
    'home/.config/chromium/Default/Cookies': 'cookies',
    'home/.config/chromium/Default/Network/Cookies': 'cookies2',
    'home/.config/chromium/Default/Network/TransportSecurity': 'hsts',
    'home/.config/chromium/Default/Preferences': '{}',
    'home/.config/chromium/Default/Login Data': 'pw',
    'home/.config/chromium/Default/Cache/Cache_Data/data_0': 'x'.repeat(100),
    'home/.config/chromium/Profile 1/History': 'history',
    'home/.config/chromium/Profile 1/Web Data': 'autofill',
    'home/.cache/chromium/Default/Cache/Cache_Data/f_000001': 'y'.repeat(50),
  });
}

test('plans every Chromium profile by category and keeps the skeleton', () => {
  const base = tempDir();
  try {
    chromiumHome(base);
    const p = planFor(selectionFor(base), [chromium]);
    const byName = new Map(p.items.map((i) => [path.relative(path.join(base, 'home'), i.path), i.category]));
    assert.equal(byName.get('.config/chromium/Default/History'), 'history');
    assert.equal(byName.get('.config/chromium/Profile 1/History'), 'history');
    assert.equal(byName.get('.config/chromium/Default/Cookies'), 'cookies');
    assert.equal(byName.get('.config/chromium/Default/Network/Cookies'), 'cookies');
    assert.equal(byName.get('.config/chromium/Default/Network/TransportSecurity'), 'history'); // HSTS: a list of visited hosts
    assert.equal(byName.get('.config/chromium/Default/Login Data'), 'passwords');
    assert.equal(byName.get('.config/chromium/Profile 1/Web Data'), 'form-data');
    assert.equal(byName.get('.config/chromium/Default/Cache'), 'cache');
    assert.equal(byName.get('.config/chromium/Local State'), 'sessions');
    assert.equal(byName.get('.cache/chromium/Default'), 'cache');
    assert.ok(!byName.has('.config/chromium/First Run'), 'First Run is kept');
    assert.ok(![...byName.keys()].some((k) => k.startsWith('.config/someapp') || k === '.bashrc'));
  } finally {
    removeTree(base);
  }
});

test('a wipe leaves only the skeleton, counts by category, and verify finds nothing', async () => {
  const base = tempDir();
  try {
    chromiumHome(base);
    const summary = await wipeFor(selectionFor(base), [chromium]);
    assert.equal(summary.outcome, 'clean');
    assert.deepEqual(listTree(path.join(base, 'home')), [
      '.bashrc',
      '.cache/',
      '.cache/chromium/',
      '.config/',
      '.config/chromium/',
      '.config/chromium/Default/',
      '.config/chromium/Default/Network/',
      '.config/chromium/First Run',
      // Profile 1 held only items: it went with them (Default keeps its Network folder).
      '.config/someapp/',
      '.config/someapp/settings.ini',
    ]);
    assert.equal(summary.categories.history?.items, 3); // 2 History files + TransportSecurity
    assert.equal(summary.categories.cache?.bytes, 150);
    assert.ok(summary.safeMs <= summary.doneMs);
    assert.equal(planFor(selectionFor(base), [chromium]).items.length, 0);
  } finally {
    removeTree(base);
  }
});

test('a dry run counts the same items and removes nothing', async () => {
  const base = tempDir();
  try {
    chromiumHome(base);
    const before = listTree(base);
    const { execute } = await import('../../../main/agent/wipe/execute/executor.js');
    const dry = await execute(planFor(selectionFor(base), [chromium]), { dryRun: true });
    assert.deepEqual(listTree(base), before);
    const real = await wipeFor(selectionFor(base), [chromium]);
    assert.deepEqual(dry.categories, real.categories);
    assert.equal(dry.dryRun, true);
  } finally {
    removeTree(base);
  }
});

test('--category limits the plan', () => {
  const base = tempDir();
  try {
    chromiumHome(base);
    const p = planFor(selectionFor(base, { categories: ['cookies'] }), [chromium]);
    assert.ok(p.items.length >= 2);
    assert.ok(p.items.every((i) => i.category === 'cookies'));
  } finally {
    removeTree(base);
  }
});

test('a graveyard left by an interrupted wipe is reaped by the next one, even with nothing else to do', async () => {
  const base = tempDir();
  try {
    layout(base, { 'home/.bashrc': 'x' });
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const grave = path.join(base, 'home', '.tabula-graveyard-0123456789ab');
    mkdirSync(path.join(grave, '7'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(grave, '7', 'History'), 'interrupted');
    assert.equal(planFor(selectionFor(base), [chromium]).items.length, 0, 'graveyards are not plan items');
    await wipeFor(selectionFor(base), [chromium]);
    assert.deepEqual(listTree(path.join(base, 'home')), ['.bashrc']);
  } finally {
    removeTree(base);
  }
});
