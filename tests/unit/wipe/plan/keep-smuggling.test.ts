/**
 * The keep list smuggles nothing: a kept name survives clean mode only as what its writer makes.
 * A patron's user.js with a proxy, a patron's chrome/ folder, a folder named `First Run`, a
 * profiles.ini that points a profile outside, a hard link or an oversized file under a kept name
 * are all planned for removal; the browser's own small files and IT's root-owned user.js stay.
 */
import assert from 'node:assert/strict';
import { chownSync, chmodSync, linkSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from '../../../../main/agent/catalog/browsers/chromium.js';
import { firefox } from '../../../../main/agent/catalog/browsers/firefox.js';
import { iniPathsRelative } from '../../../../main/agent/wipe/plan/keep-check.js';
import { layout, removeTree, tempDir } from '../../../support/tree.js';
import { planFor, selectionFor } from '../../../support/wipe-run.js';

const PATRON_UID = 54321;

test('ini profile paths: relative ones only', () => {
  assert.equal(iniPathsRelative('[Profile0]\nName=default\nIsRelative=1\nPath=abc.default-esr\n'), true);
  assert.equal(iniPathsRelative('[Profile0]\nIsRelative=0\nPath=/tmp/evil\n'), false);
  assert.equal(iniPathsRelative('[Profile0]\nIsRelative=1\nPath=../../tmp/evil\n'), false);
  assert.equal(iniPathsRelative('[Install4F96D1932A9F858E]\nDefault=C:\\evil\nLocked=1\n'), false);
});

test('kept names hold only what the browser or IT writes', (t) => {
  const base = tempDir('tabula-keep-');
  t.after(() => removeTree(base));
  const ff = 'home/.mozilla/firefox';
  const cr = 'home/.config/chromium';
  layout(base, {
    [`${ff}/profiles.ini`]: '[Profile0]\nName=default\nIsRelative=1\nPath=abc.default\nDefault=1\n',
    [`${ff}/installs.ini`]: '[4F96D1932A9F858E]\nDefault=/tmp/evil-profile\n',
    [`${ff}/abc.default/user.js`]: 'user_pref("network.proxy.http", "proxy.evil.example");\nuser_pref("network.proxy.type", 1);\n',
    [`${ff}/abc.default/chrome/userContent.css`]: '* { display: none }',
    [`${ff}/abc.default/prefs.js`]: 'x',
    [`${cr}/First Run/stash.txt`]: 'patron data hidden under a kept name',
    [`${cr}/Last Version`]: '120.0.6099.224',
    [`${cr}/Last Browser`]: '',
    [`${cr}/Policy/Enrollment/dm.txt`]: 'patron folder under a kept name',
    [`${cr}/Default/First Run`]: '',
  });
  const home = path.join(base, 'home');
  const root = (rel: string) => path.join(base, rel);
  // The patron wrote these (a root test process would otherwise own everything).
  for (const rel of [`${ff}/abc.default/user.js`, `${ff}/abc.default/chrome`, `${ff}/abc.default/chrome/userContent.css`]) {
    if (process.geteuid?.() === 0) chownSync(root(rel), PATRON_UID, PATRON_UID);
  }
  // A hard link and an oversized file under kept names.
  linkSync(root(`${cr}/Last Version`), root(`${cr}/Default/Last Version`));
  truncateSync(root(`${cr}/Last Browser`), 2 * 1024 * 1024);

  const planned = planFor(selectionFor(base), [firefox, chromium]).items.map((i) => path.relative(home, i.path));
  const gone = (rel: string) => assert.ok(planned.includes(rel), `${rel} must be removed`);
  const stays = (rel: string) => assert.ok(!planned.includes(rel), `${rel} must stay`);
  stays('.mozilla/firefox/profiles.ini');
  gone('.mozilla/firefox/installs.ini');
  if (process.geteuid?.() === 0) {
    gone('.mozilla/firefox/abc.default/user.js');
    gone('.mozilla/firefox/abc.default/chrome');
  }
  gone('.config/chromium/First Run');
  gone('.config/chromium/Policy/Enrollment');
  gone('.config/chromium/Last Version');
  gone('.config/chromium/Default/Last Version');
  gone('.config/chromium/Last Browser');
  stays('.config/chromium/Default/First Run');

  // IT's user.js: root-owned, not writable by others — kept.
  if (process.geteuid?.() === 0) {
    chownSync(root(`${ff}/abc.default/user.js`), 0, 0);
    chmodSync(root(`${ff}/abc.default/user.js`), 0o644);
    const again = planFor(selectionFor(base), [firefox]).items.map((i) => path.relative(home, i.path));
    assert.ok(!again.includes('.mozilla/firefox/abc.default/user.js'), "IT's root-owned user.js stays");
    chmodSync(root(`${ff}/abc.default/user.js`), 0o666);
    const writable = planFor(selectionFor(base), [firefox]).items.map((i) => path.relative(home, i.path));
    assert.ok(writable.includes('.mozilla/firefox/abc.default/user.js'), "a user.js anyone can write is not IT's");
  }
});
