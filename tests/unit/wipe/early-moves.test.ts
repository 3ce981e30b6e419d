/**
 * Early moves (wipe/execute/early.ts): given an earlier plan of the same selection (a session's
 * last warm-up), a wipe renames what it found before planning afresh. Only what is still exactly
 * as planned moves early; the fresh plan decides the rest, and the counts are a normal wipe's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '../../../main/agent/catalog/browsers/chromium.js';
import { firefox } from '../../../main/agent/catalog/browsers/firefox.js';
import { downloads } from '../../../main/agent/catalog/os/downloads.js';
import type { CatalogEntry } from '../../../main/agent/catalog/schema.js';
import type { EventLog } from '../../../main/agent/log/logger.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { wipe } from '../../../main/agent/wipe/wipe.js';
import type { Plan, Selection } from '../../../main/agent/wipe/types.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor } from '../../support/wipe-run.js';

const PROFILE = 'home/.config/chromium/Profile 1';
const CATALOG: readonly CatalogEntry[] = [chromium, firefox, downloads];

function setUp(t: { after: (fn: () => void) => void }) {
  const base = tempDir();
  t.after(() => removeTree(base));
  layout(base, {
    'home/.config/chromium/First Run': '',
    [`${PROFILE}/History`]: 'visits',
    [`${PROFILE}/Cookies`]: 'cookies',
    [`${PROFILE}/Cache/data_0`]: 'x'.repeat(40),
    'home/Downloads/ticket.pdf': 'pdf',
    'home/Downloads/scan.png': 'png',
  });
  return { base, selection: selectionFor(base) };
}

/** A wipe given `earlier`, with the number its log says were moved early. */
async function wipeAfter(earlier: Plan, selection: Selection) {
  const starts: Parameters<EventLog['info']>[1][] = [];
  const log: EventLog = {
    info: (event, fields) => void (event === 'wipe.start' && fields && starts.push(fields)),
    warn() {},
    error() {},
    close: async () => {},
  };
  const summary = await wipe(selection, { catalog: CATALOG, knownHomes: [], log, earlier }, { dryRun: false });
  return { summary, movedEarly: starts[0]?.movedEarly };
}

test('what the earlier plan found moves first; the counts are those a dry run counts, and the home is clean', async (t) => {
  const { base, selection } = setUp(t);
  const preview = await execute(planFor(selection, CATALOG), { dryRun: true });
  const earlier = planFor(selection, CATALOG);
  writeFileSync(path.join(base, 'home/Downloads/late.txt'), 'after the warm-up');
  const { summary, movedEarly } = await wipeAfter(earlier, selection);
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.remaining, 0);
  assert.equal(movedEarly, earlier.items.length, 'every planned item went early');
  assert.deepEqual(summary.categories.cache, preview.categories.cache);
  assert.equal(summary.categories.downloads?.items, (preview.categories.downloads?.items ?? 0) + 1, 'the late download too');
  assert.deepEqual(listTree(path.join(base, 'home')), ['.config/', '.config/chromium/', '.config/chromium/First Run', 'Downloads/']);
});

test('an item replaced since the earlier plan is left to the fresh plan: removed, and no failure', async (t) => {
  const { base, selection } = setUp(t);
  const earlier = planFor(selection, CATALOG);
  const ticket = path.join(base, 'home/Downloads/ticket.pdf');
  renameSync(ticket, path.join(base, 'planned ticket')); // its inode stays in use
  writeFileSync(ticket, 'another inode');
  const { summary, movedEarly } = await wipeAfter(earlier, selection);
  assert.equal(summary.outcome, 'clean');
  assert.deepEqual(summary.failures, []);
  assert.equal(movedEarly, earlier.items.length - 1);
  assert.equal(existsSync(ticket), false);
  assert.equal(summary.categories.downloads?.items, 2);
});

test('a whole folder that gained a kept name since is not moved whole: its planned entries go, the kept name stays', async (t) => {
  const { base, selection } = setUp(t);
  const earlier = planFor(selection, CATALOG);
  assert.equal(earlier.whole?.length, 1, 'the profile is a whole folder');
  writeFileSync(path.join(base, PROFILE, 'First Run'), '');
  const { summary, movedEarly } = await wipeAfter(earlier, selection);
  assert.equal(summary.outcome, 'clean');
  assert.equal(movedEarly, earlier.items.length, 'its entries one by one');
  assert.deepEqual(listTree(path.join(base, PROFILE)), ['First Run']);
});

test('a kept name that was planned as an item is never moved early: the fresh plan may keep it', async (t) => {
  const { base, selection } = setUp(t);
  const ini = path.join(base, 'home/.mozilla/firefox/profiles.ini');
  layout(base, {
    'home/.mozilla/firefox/profiles.ini': '[Profile0]\nPath=/elsewhere\nIsRelative=0\n',
    'home/.mozilla/firefox/abc.default/places.sqlite': 'visits',
  });
  const earlier = planFor(selection, CATALOG);
  assert.ok(
    earlier.items.some((item) => item.path === ini && item.keptName),
    'an absolute profile path: planned as an item',
  );
  writeFileSync(ini, '[Profile0]\nPath=abc.default\nIsRelative=1\n'); // the same file, now what Firefox writes
  const { summary, movedEarly } = await wipeAfter(earlier, selection);
  assert.equal(summary.outcome, 'clean');
  assert.equal(movedEarly, earlier.items.length - 1);
  assert.equal(existsSync(ini), true);
  assert.equal(existsSync(path.join(base, 'home/.mozilla/firefox/abc.default/places.sqlite')), false);
});

test('an entry of a shared temp folder is never moved early: the fresh plan checks its owner again', async (t) => {
  const { base } = setUp(t);
  layout(base, { 'tmp/patron.log': 'log' });
  const selection = selectionFor(base, {}, [path.join(base, 'tmp')]);
  const earlier = planFor(selection, CATALOG);
  assert.ok(earlier.items.some((item) => item.entry === 'temp'));
  const { summary, movedEarly } = await wipeAfter(earlier, selection);
  assert.equal(summary.outcome, 'clean');
  assert.equal(movedEarly, earlier.items.length - 1);
  assert.equal(existsSync(path.join(base, 'tmp/patron.log')), false, 'removed by the fresh plan');
});

test('no early moves in a dry run', async (t) => {
  const { base, selection } = setUp(t);
  const earlier = planFor(selection, CATALOG);
  const summary = await wipe(
    selection,
    { catalog: CATALOG, knownHomes: [], log: { info() {}, warn() {}, error() {}, close: async () => {} }, earlier },
    { dryRun: true },
  );
  assert.equal(summary.dryRun, true);
  assert.equal(existsSync(path.join(base, 'home/Downloads/ticket.pdf')), true);
  assert.equal(existsSync(path.join(base, PROFILE, 'History')), true);
});
