/**
 * Adversarial trees: links out of the root, links to /, a folder swapped for a link between plan
 * and execute. Nothing outside the root may change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '../../../main/agent/catalog/browsers/chromium.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor, wipeFor } from '../../support/wipe-run.js';

function withBase(fn: (base: string, home: string, outside: string) => Promise<void>) {
  return async () => {
    const base = tempDir();
    const home = path.join(base, 'home');
    const outside = path.join(base, 'outside');
    layout(base, {
      'outside/keep.txt': 'precious',
      'outside/Cache/data': 'precious cache',
      'outside/History': 'precious history',
      'home/.config/chromium/Default/History': 'h',
    });
    try {
      await fn(base, home, outside);
    } finally {
      removeTree(base);
    }
  };
}

test(
  'links inside a profile are unlinked, their targets kept',
  withBase(async (base, home, outside) => {
    const profile = path.join(home, '.config/chromium/Default');
    symlinkSync(path.join(outside, 'Cache'), path.join(profile, 'Cache'));
    symlinkSync('/', path.join(profile, 'Local Storage'));
    symlinkSync(path.join(outside, 'keep.txt'), path.join(profile, 'Cookies'));
    const summary = await wipeFor(selectionFor(base), [chromium]);
    assert.equal(summary.outcome, 'clean');
    // Every entry of the profile was an item: the folder was moved whole, then each link inside the graveyard.
    assert.equal(existsSync(profile), false);
    assert.deepEqual(listTree(outside), ['Cache/', 'Cache/data', 'History', 'keep.txt']);
    assert.equal(readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'precious');
  }),
);

test(
  'a browser root that is a link is unlinked, never followed',
  withBase(async (base, home, outside) => {
    removeTree(path.join(home, '.config/chromium'));
    symlinkSync(outside, path.join(home, '.config/chromium'));
    mkdirSync(path.join(home, '.cache'));
    symlinkSync(outside, path.join(home, '.cache/chromium'));
    await wipeFor(selectionFor(base), [chromium]);
    assert.deepEqual(listTree(outside), ['Cache/', 'Cache/data', 'History', 'keep.txt']);
    assert.deepEqual(listTree(path.join(home, '.config')), []);
  }),
);

test(
  'a link on the way to a root (~/.config) is not followed and not touched',
  withBase(async (base, home, outside) => {
    removeTree(path.join(home, '.config'));
    layout(outside, { 'chromium/Default/History': 'someone else' });
    symlinkSync(outside, path.join(home, '.config'));
    const p = planFor(selectionFor(base), [chromium]);
    assert.equal(p.items.length, 0);
    await execute(p, { dryRun: false });
    assert.equal(readFileSync(path.join(outside, 'chromium/Default/History'), 'utf8'), 'someone else');
  }),
);

test(
  'a folder swapped for a link between plan and execute: nothing outside is deleted',
  withBase(async (base, home, outside) => {
    const profile = path.join(home, '.config/chromium/Default');
    writeFileSync(path.join(profile, 'Cookies'), 'c');
    const p = planFor(selectionFor(base), [chromium]);
    assert.equal(p.items.length, 2);
    // Attacker: move the profile away and put a link to a folder with the same names in its place.
    layout(outside, { Cookies: 'precious cookies' });
    renameSync(profile, path.join(home, 'moved-away'));
    symlinkSync(outside, profile);
    const summary = await execute(p, { dryRun: false });
    assert.deepEqual(listTree(outside), ['Cache/', 'Cache/data', 'Cookies', 'History', 'keep.txt']);
    assert.equal(readFileSync(path.join(outside, 'History'), 'utf8'), 'precious history');
    assert.ok(summary.failures.some((f) => f.code === 'E_IDENTITY_CHANGED'));
    assert.notEqual(summary.outcome, 'clean');
  }),
);

test(
  'an item replaced by a link to / between plan and execute is left alone',
  withBase(async (base, home) => {
    const p = planFor(selectionFor(base), [chromium]);
    const history = path.join(home, '.config/chromium/Default/History');
    removeTree(history);
    symlinkSync('/', history);
    const summary = await execute(p, { dryRun: false });
    assert.ok(summary.failures.some((f) => f.code === 'E_IDENTITY_CHANGED'));
  }),
);

test(
  "temp sweep takes only the patron's own entries, and not through links",
  withBase(async (base, _home, outside) => {
    const temp = path.join(base, 'temp');
    layout(temp, { 'mine.txt': 'patron', 'mydir/a': 'patron', 'other.txt': 'someone else' });
    symlinkSync(outside, path.join(temp, 'link-out'));
    const isRoot = process.geteuid?.() === 0;
    if (isRoot) chownSync(path.join(temp, 'other.txt'), 4242, 4242);
    const summary = await wipeFor(selectionFor(base, {}, [temp]), [chromium]);
    assert.equal(summary.outcome, 'clean');
    assert.deepEqual(listTree(temp), isRoot ? ['other.txt'] : []);
    assert.deepEqual(listTree(outside), ['Cache/', 'Cache/data', 'History', 'keep.txt']);
  }),
);

test(
  'refuses a home at / or a parent of homes, before touching anything',
  withBase(async (base) => {
    assert.throws(
      () => planFor({ ...selectionFor(base), targets: [{ home: '/', tempRoots: [] }] }, [chromium]),
      /E_ROOT_REFUSED|dangerous/,
    );
    assert.throws(
      () => planFor({ ...selectionFor(base), targets: [{ home: path.join(base, 'nope'), tempRoots: [] }] }, [chromium]),
      /does not exist/,
    );
  }),
);

test(
  'a temp folder above the home never sweeps the home itself',
  withBase(async (base, home) => {
    layout(base, { 'loose.tmp': 'patron temp' });
    const summary = await wipeFor(selectionFor(base, {}, [base]), [chromium]);
    assert.equal(summary.outcome, 'clean');
    assert.ok(listTree(home).includes('.config/chromium/'), 'the home is still there');
    assert.ok(!listTree(base).includes('loose.tmp'));
  }),
);
