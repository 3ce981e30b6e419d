/**
 * A profile folder each of whose entries is a plan item is moved in one rename (clean mode); its
 * entries are then moved out of it inside the graveyard, so each is still reaped and counted in
 * its own category, exactly as a dry run counts them. Anything kept, filtered out or swapped
 * keeps the entry-by-entry path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '../../../main/agent/catalog/browsers/chromium.js';
import { captureBaseline } from '../../../main/agent/wipe/baseline.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor } from '../../support/wipe-run.js';

const PROFILE = 'home/.config/chromium/Profile 1';

function setUp(t: { after: (fn: () => void) => void }, extra: Record<string, string> = {}) {
  const base = tempDir();
  t.after(() => removeTree(base));
  layout(base, {
    'home/.config/chromium/First Run': '',
    [`${PROFILE}/History`]: 'visits',
    [`${PROFILE}/Cookies`]: 'cookies',
    [`${PROFILE}/Login Data`]: 'pw',
    [`${PROFILE}/Cache/data_0`]: 'x'.repeat(40),
    ...extra,
  });
  return { base, profile: path.join(base, PROFILE) };
}

test('a profile of items only is planned whole, moved whole, and counted per category as a dry run counts it', async (t) => {
  const { base, profile } = setUp(t);
  const plan = planFor(selectionFor(base), [chromium]);
  assert.deepEqual(
    plan.whole?.map((w) => [path.relative(base, w.path), w.entries]),
    [[PROFILE, 4]],
  );
  const preview = await execute(plan, { dryRun: true });
  const summary = await execute(planFor(selectionFor(base), [chromium]), { dryRun: false });
  assert.equal(summary.outcome, 'clean');
  assert.deepEqual(summary.categories, preview.categories);
  assert.equal(summary.categories.cache?.items, 2, 'the cache folder and its file; the profile folder is no item');
  assert.equal(existsSync(profile), false);
  assert.deepEqual(listTree(path.join(base, 'home/.config')), ['chromium/', 'chromium/First Run']);
  assert.equal(planFor(selectionFor(base), [chromium]).items.length, 0);
});

test('what appears in the folder after the plan goes with it, counted; a vanished entry is no failure', async (t) => {
  const { base, profile } = setUp(t);
  const plan = planFor(selectionFor(base), [chromium]);
  rmSync(path.join(profile, 'Cookies'));
  writeFileSync(path.join(profile, 'Top Sites'), 'late');
  const summary = await execute(plan, { dryRun: false });
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.categories.cookies, undefined);
  assert.equal(summary.categories.history?.items, 1);
  assert.equal(summary.categories['site-data']?.items, 1, 'the late file, counted with the folder in the area residual category');
  assert.equal(existsSync(profile), false);
});

test('an entry swapped after the plan stays in the folder and is reaped with it, never counted as the planned one', async (t) => {
  const { base, profile } = setUp(t);
  const plan = planFor(selectionFor(base), [chromium]);
  renameSync(path.join(profile, 'Login Data'), path.join(base, 'planned Login Data')); // its inode stays in use
  writeFileSync(path.join(profile, 'Login Data'), 'another inode');
  const summary = await execute(plan, { dryRun: false });
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.categories.passwords, undefined);
  assert.equal(summary.categories['site-data']?.items, 1, 'counted with the folder');
  assert.equal(existsSync(profile), false);
  assert.equal(existsSync(path.join(base, 'planned Login Data')), true);
});

test('a folder swapped after the plan is never moved: its entries are checked one by one and refused', async (t) => {
  const { base, profile } = setUp(t);
  const plan = planFor(selectionFor(base), [chromium]);
  const other = `${profile}.new`;
  mkdirSync(other);
  for (const name of ['History', 'Cookies', 'Login Data', 'Cache']) renameSync(path.join(profile, name), path.join(other, name));
  rmSync(profile, { recursive: true });
  renameSync(other, profile);
  const summary = await execute(plan, { dryRun: false });
  assert.equal(summary.outcome, 'failed');
  assert.ok(summary.failures.every((f) => f.code === 'E_IDENTITY_CHANGED'));
  assert.equal(
    summary.failures.reduce((n, f) => n + f.count, 0),
    4,
    'each planned entry refused: its folder is not the planned one',
  );
  assert.deepEqual(listTree(profile), ['Cache/', 'Cache/data_0', 'Cookies', 'History', 'Login Data']);
});

test('no whole folder when an entry is kept, a category is left out, or the home is reset', async (t) => {
  const { base } = setUp(t, { [`${PROFILE}/First Run`]: '' });
  assert.equal(planFor(selectionFor(base), [chromium]).whole, undefined, 'First Run inside the profile is kept');
  rmSync(path.join(base, PROFILE, 'First Run'));
  assert.equal(planFor(selectionFor(base), [chromium]).whole?.length, 1);
  assert.equal(planFor(selectionFor(base, { categories: ['history', 'cookies', 'passwords'] }), [chromium]).whole, undefined);
  const fresh = tempDir();
  t.after(() => removeTree(fresh));
  layout(fresh, { 'home/notes.txt': 'in the baseline' });
  captureBaseline(realpathSync(path.join(fresh, 'home')), path.join(fresh, 'state'));
  layout(fresh, { [`${PROFILE}/History`]: 'visits', [`${PROFILE}/Cookies`]: 'cookies' });
  assert.equal(planFor(selectionFor(fresh), [chromium]).whole?.length, 1);
  const reset = planFor(selectionFor(fresh, { mode: 'reset' }), [chromium]);
  assert.ok(reset.items.length > 0);
  assert.equal(reset.whole, undefined, 'reset mode restores entry by entry');
});
