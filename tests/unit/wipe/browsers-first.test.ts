/**
 * The wipe lists the patron's running browsers before it plans, and closes them only after a
 * plan has shown the wipe can run: a browser that exits right before the listing has written its
 * last state by then, so the one plan sees it; one still running is closed and the home planned
 * again; a refused home closes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { browserCloser } from '../../../main/agent/wipe/processes/browser-closer.js';
import { wipe, type WipeEnvironment } from '../../../main/agent/wipe/wipe.js';
import { memoryLog } from '../../support/agent-run.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { selectionFor } from '../../support/wipe-run.js';

const PROFILE = 'home/.config/chromium/Default';

function setUp(t: { after: (fn: () => void) => void }) {
  const base = tempDir();
  t.after(() => removeTree(base));
  layout(base, { [`${PROFILE}/History`]: 'visits' });
  return { base, profile: path.join(base, PROFILE), selection: selectionFor(base) };
}

/** The wipe's environment; `plans` counts the plans made (each reads the catalogue once), the verification's included. */
function env(browsers: WipeEnvironment['browsers']): WipeEnvironment & { plans: number } {
  return {
    plans: 0,
    get catalog() {
      this.plans++;
      return CATALOG;
    },
    knownHomes: [],
    log: memoryLog(),
    browsers,
  };
}

test('no browser running: what one wrote as it exited before the listing is planned and wiped; nothing is closed', async (t) => {
  const { profile, selection } = setUp(t);
  let closes = 0;
  const environment = env(async () => {
    writeFileSync(path.join(profile, 'Cookies'), 'last state'); // the browser's exit, just before the listing
    return { count: 0, close: async () => ({ closed: ++closes, remaining: 0 }) };
  });
  const summary = await wipe(selection, environment, { dryRun: false });
  assert.equal(closes, 0);
  assert.equal(environment.plans, 2, 'one plan and the verification: no second plan when no browser ran');
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.categories.cookies?.items, 1, 'the file written before the listing was in the plan');
  assert.equal(existsSync(profile), false, 'the profile held only items: it went with them');
});

test('a browser running: closed after the first plan, and what it writes on closing is planned again and wiped', async (t) => {
  const { profile, selection } = setUp(t);
  const environment = env(async () => ({
    count: 1,
    close: async () => {
      writeFileSync(path.join(profile, 'Cookies'), 'written on quit');
      return { closed: 1, remaining: 0 };
    },
  }));
  const summary = await wipe(selection, environment, { dryRun: false });
  assert.equal(environment.plans, 3, 'the plan, the plan after closing, the verification');
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.browsersClosed, 1);
  assert.equal(summary.categories.cookies?.items, 1);
  assert.equal(existsSync(profile), false, 'the profile held only items: it went with them');
});

test('a refused home: the wipe stops at the plan and no browser is closed', async (t) => {
  const { base, selection } = setUp(t);
  selection.targets = [{ home: path.join(base, 'missing-home'), tempRoots: [] }];
  let closes = 0;
  await assert.rejects(
    wipe(
      selection,
      env(async () => ({ count: 1, close: async () => ({ closed: ++closes, remaining: 0 }) })),
      { dryRun: false },
    ),
    (error: { code?: string }) => error.code === 'E_ROOT_MISSING',
  );
  assert.equal(closes, 0);
});

test('a dry run does not even list the browsers', async (t) => {
  const { selection } = setUp(t);
  let listed = 0;
  await wipe(
    selection,
    env(async () => {
      listed++;
      return { count: 0, close: async () => ({ closed: 0, remaining: 0 }) };
    }),
    { dryRun: true },
  );
  assert.equal(listed, 0);
});

test('a missing home with the real browser listing: the wipe fails as E_ROOT_MISSING, not as an internal error', async (t) => {
  const { base, selection } = setUp(t);
  selection.targets = [{ home: path.join(base, 'missing-home'), tempRoots: [] }];
  await assert.rejects(
    wipe(selection, env(browserCloser(selection)), { dryRun: false }),
    (error: { code?: string }) => error.code === 'E_ROOT_MISSING',
  );
});
