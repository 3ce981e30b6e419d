/**
 * The planner on synthetic trees laid out as Windows and macOS homes (--platform override):
 * the right items are selected, by category, and the rest of the home is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { layout, listTree, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor, wipeFor } from '../../support/wipe-run.js';
import type { Selection } from '../../../main/agent/wipe/types.js';

function planned(base: string, selection: Selection): Map<string, string> {
  const home = path.join(base, 'home');
  return new Map(planFor(selection, CATALOG).items.map((i) => [path.relative(home, i.path).split(path.sep).join('/'), i.category]));
}

const WINDOWS_HOME = {
  'home/NTUSER.DAT': 'registry hive: not ours',
  'home/AppData/Local/Google/Chrome/User Data/Default/History': 'h',
  'home/AppData/Local/Google/Chrome/User Data/Profile 2/Network/Cookies': 'c',
  'home/AppData/Local/Google/Chrome/User Data/Default/Cache/Cache_Data/data_1': 'x',
  'home/AppData/Local/Google/Chrome/User Data/Local State': '{}',
  'home/AppData/Local/Microsoft/Edge/User Data/Default/Login Data': 'p',
  'home/AppData/Local/BraveSoftware/Brave-Browser/User Data/Default/Web Data': 'f',
  'home/AppData/Roaming/Opera Software/Opera Stable/History': 'h',
  'home/AppData/Roaming/Mozilla/Firefox/profiles.ini': '[Profile0]\nName=default\nIsRelative=1\nPath=Profiles/abcd.default-release\n',
  'home/AppData/Roaming/Mozilla/Firefox/Profiles/abcd.default-release/places.sqlite': 'h',
  'home/AppData/Roaming/Mozilla/Firefox/Profiles/abcd.default-release/cookies.sqlite': 'c',
  'home/AppData/Local/Mozilla/Firefox/Profiles/abcd.default-release/cache2/entries/0A1B': 'x',
  'home/AppData/Roaming/Microsoft/Windows/Recent/report.docx.lnk': 'lnk',
  'home/AppData/Roaming/Microsoft/Windows/Recent/AutomaticDestinations/5f7b5f1e01b83767.automaticDestinations-ms': 'j',
  'home/AppData/Local/Microsoft/Windows/Explorer/thumbcache_256.db': 't',
  'home/AppData/Local/Microsoft/Windows/Explorer/ExplorerStartupLog.etl': 'not a thumbnail',
  'home/AppData/Local/Temp/setup.tmp': 't',
  'home/AppData/Local/OtherVendor/app.cfg': 'unrelated app settings',
  'home/Downloads/file.pdf': 'd',
  'home/Desktop/notes.txt': 'n',
  'home/Desktop/desktop.ini': '[.ShellClassInfo]',
  'home/Documents/letter.docx': 'l',
  'recycle/$RABCDEF.pdf': 'deleted file',
  'recycle/$IABCDEF.pdf': 'its info',
  'recycle/desktop.ini': '[.ShellClassInfo]',
};

test('Windows layout: every browser and OS area is found, by category', () => {
  const base = tempDir();
  try {
    layout(base, WINDOWS_HOME);
    const selection = selectionFor(base, { platform: 'win32' });
    selection.targets[0]!.bases = { recycleBin: path.join(base, 'recycle') };
    const items = planned(base, selection);
    const expect: Record<string, string> = {
      'AppData/Local/Google/Chrome/User Data/Default/History': 'history',
      'AppData/Local/Google/Chrome/User Data/Profile 2/Network/Cookies': 'cookies',
      'AppData/Local/Google/Chrome/User Data/Default/Cache': 'cache',
      'AppData/Local/Microsoft/Edge/User Data/Default/Login Data': 'passwords',
      'AppData/Local/BraveSoftware/Brave-Browser/User Data/Default/Web Data': 'form-data',
      'AppData/Roaming/Opera Software/Opera Stable/History': 'history',
      'AppData/Roaming/Mozilla/Firefox/Profiles/abcd.default-release/places.sqlite': 'history',
      'AppData/Roaming/Mozilla/Firefox/Profiles/abcd.default-release/cookies.sqlite': 'cookies',
      'AppData/Roaming/Microsoft/Windows/Recent/report.docx.lnk': 'recent',
      'AppData/Local/Microsoft/Windows/Explorer/thumbcache_256.db': 'thumbnails',
      'AppData/Local/Temp/setup.tmp': 'temp',
      'Downloads/file.pdf': 'downloads',
      'Desktop/notes.txt': 'desktop',
      'Documents/letter.docx': 'documents',
    };
    for (const [rel, category] of Object.entries(expect)) assert.equal(items.get(rel), category, rel);
    assert.equal(items.get('AppData/Local/Mozilla/Firefox/Profiles/abcd.default-release'), 'cache', 'Firefox cache');
    assert.ok(
      [...items.keys()].some((k) => k.includes('AutomaticDestinations')),
      'jump lists',
    );
    assert.ok(items.has('../recycle/$RABCDEF.pdf'), 'Recycle Bin of the SID');
    for (const kept of [
      'NTUSER.DAT',
      'Desktop/desktop.ini',
      'AppData/Local/OtherVendor/app.cfg',
      'AppData/Local/Microsoft/Windows/Explorer/ExplorerStartupLog.etl',
      '../recycle/desktop.ini',
    ]) {
      assert.ok(!items.has(kept), `${kept} must be kept`);
    }
  } finally {
    removeTree(base);
  }
});

test('Windows names are matched case-insensitively', () => {
  const base = tempDir();
  try {
    layout(base, { 'home/appdata/local/google/chrome/user data/default/history': 'h' });
    const items = planned(base, selectionFor(base, { platform: 'win32' }));
    assert.equal(items.get('appdata/local/google/chrome/user data/default/history'), 'history');
    // On Linux the folder is only a visible folder of the home root (documents), no browser data.
    const onLinux = planned(base, selectionFor(base, { platform: 'linux' }));
    assert.deepEqual([...onLinux.values()], ['documents']);
  } finally {
    removeTree(base);
  }
});

test('macOS layout: Chrome, Firefox, Safari and the OS areas; unrelated caches are left', async () => {
  const base = tempDir();
  try {
    layout(base, {
      'home/Library/Application Support/Google/Chrome/Default/History': 'h',
      'home/Library/Caches/Google/Chrome/Default/Cache/Cache_Data/f_0001': 'x',
      'home/Library/Application Support/Firefox/profiles.ini': '[Profile0]\nIsRelative=1\nPath=Profiles/x.default-release\n',
      'home/Library/Application Support/Firefox/Profiles/x.default-release/formhistory.sqlite': 'f',
      'home/Library/Caches/Firefox/Profiles/x.default-release/cache2/entries/AB': 'x',
      'home/Library/Safari/History.db': 'h',
      'home/Library/Safari/LastSession.plist': 's',
      'home/Library/Cookies/Cookies.binarycookies': 'c',
      'home/Library/Cookies/com.other.app.binarycookies': 'not Safari',
      'home/Library/Caches/com.other.app/cache.db': 'not a browser',
      'home/Library/Preferences/com.apple.dock.plist': 'skeleton',
      'home/.Trash/old.pdf': 't',
      'home/Downloads/a.zip': 'd',
    });
    const selection = selectionFor(base, { platform: 'darwin' });
    const items = planned(base, selection);
    assert.equal(items.get('Library/Application Support/Google/Chrome/Default/History'), 'history');
    assert.equal(items.get('Library/Application Support/Firefox/Profiles/x.default-release/formhistory.sqlite'), 'form-data');
    assert.equal(items.get('Library/Safari/History.db'), 'history');
    assert.equal(items.get('Library/Safari/LastSession.plist'), 'sessions');
    assert.equal(items.get('Library/Cookies/Cookies.binarycookies'), 'cookies');
    assert.equal(items.get('.Trash/old.pdf'), 'trash');
    assert.equal(items.get('Downloads/a.zip'), 'downloads');
    assert.ok([...items.keys()].some((k) => k.startsWith('Library/Caches/Google/Chrome/')));
    assert.ok([...items.keys()].some((k) => k.startsWith('Library/Caches/Firefox/')));
    const summary = await wipeFor(selection, CATALOG);
    assert.equal(summary.outcome, 'clean');
    const left = listTree(path.join(base, 'home')).filter((p) => !p.endsWith('/'));
    assert.deepEqual(left, [
      'Library/Application Support/Firefox/profiles.ini',
      'Library/Caches/com.other.app/cache.db',
      'Library/Cookies/com.other.app.binarycookies',
      'Library/Preferences/com.apple.dock.plist',
    ]);
  } finally {
    removeTree(base);
  }
});
