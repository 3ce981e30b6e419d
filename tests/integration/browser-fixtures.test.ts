/**
 * Proves the real-browser fixtures plant their marker where a wipe must look: Chromium (distro,
 * Snap, Flatpak, Google Chrome layouts; Default and Profile 1) and Firefox ESR (~/.mozilla and XDG
 * layouts), plus the OS markers. Each run also proves nothing was written outside the patron home.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { needProgram } from '../support/programs.js';
import { makePatronHome } from '../support/patron-home.js';
import { makeMarker, startMarkerServer } from '../support/marker-server.js';
import { chromiumCacheDir, makeChromiumProfile } from '../support/chromium-profile.js';
import { makeFirefoxProfile } from '../support/firefox-profile.js';
import { plantOsMarkers, plantTempMarkers } from '../support/os-markers.js';
import { findMarker } from '../support/grep-marker.js';
import { markerOutside } from '../support/outside-check.js';

/** Which expected locations (name → regex over relative paths) have no hit. */
function missing(found: string[], expected: Record<string, RegExp>): string[] {
  return Object.entries(expected)
    .filter(([, re]) => !found.some((f) => re.test(f)))
    .map(([name]) => name);
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function chromiumExpected(userDataRel: string, cacheRel: string, profile: string, withDownload: boolean): Record<string, RegExp> {
  const p = `^${esc(userDataRel)}/${esc(profile)}/`;
  const c = `^${esc(cacheRel)}/`;
  const e: Record<string, RegExp> = {
    history: new RegExp(`${p}History$`),
    cookies: new RegExp(`${p}Cookies$`),
    'form-data (Web Data)': new RegExp(`${p}Web Data$`),
    'local storage': new RegExp(`${p}Local Storage/leveldb/`),
    'session storage': new RegExp(`${p}Session Storage/`),
    indexeddb: new RegExp(`${p}IndexedDB/`),
    'cache storage': new RegExp(`${p}Service Worker/CacheStorage/`),
    'service worker db': new RegExp(`${p}Service Worker/Database/`),
    'service worker scripts': new RegExp(`${p}Service Worker/ScriptCache/`),
    sessions: new RegExp(`${p}Sessions/`),
    'http cache': new RegExp(`${c}Cache_Data/`),
  };
  if (withDownload) e['downloaded file'] = /^Downloads\/tabulamarker[0-9a-f]+-download\.txt$/;
  return e;
}

function firefoxExpected(profileRel: string, cacheRel: string): Record<string, RegExp> {
  const p = `^${esc(profileRel)}/`;
  return {
    'history (places.sqlite)': new RegExp(`${p}places\\.sqlite(-wal)?$`),
    'cookies.sqlite': new RegExp(`${p}cookies\\.sqlite(-wal)?$`),
    'formhistory.sqlite': new RegExp(`${p}formhistory\\.sqlite(-wal)?$`),
    sessionstore: new RegExp(`${p}(sessionstore\\.jsonlz4|sessionstore-backups/)`),
    'localStorage (ls/data.sqlite)': new RegExp(`${p}storage/default/[^/]+/ls/data\\.sqlite$`),
    indexeddb: new RegExp(`${p}storage/default/[^/]+/idb/[^/]+\\.sqlite$`),
    'cache api': new RegExp(`${p}storage/default/[^/]+/cache/caches\\.sqlite$`),
    'service workers (serviceworker.txt)': new RegExp(`${p}serviceworker\\.txt$`),
    'http cache (cache2)': new RegExp(`^${esc(cacheRel)}/cache2/entries/`),
    'downloaded file': /^Downloads\/tabulamarker[0-9a-f]+-download\.txt$/,
  };
}

test('chromium fixture fills ~/.config/chromium Default and Profile 1, all inside the home', { timeout: 90_000 }, async (t) => {
  if (!needProgram(t, 'chromium')) return;
  const patron = makePatronHome();
  const marker = makeMarker();
  const server = await startMarkerServer(marker);
  try {
    const userDataDir = join(patron.home, '.config', 'chromium');
    for (const profile of ['Default', 'Profile 1']) {
      const r = await makeChromiumProfile({ userDataDir, marker, server, profileDirectory: profile, tempDir: patron.temp });
      t.diagnostic(`chromium ${profile}: ${r.ms} ms, ${r.storageResult}`);
      assert.equal(r.storageResult, 'storage-done');
      assert.ok(r.downloadPath && existsSync(r.downloadPath), 'download saved in ~/Downloads');
      assert.equal(chromiumCacheDir(userDataDir, profile, r.layout), join(patron.home, '.cache', 'chromium', profile, 'Cache'));
    }
    const found = findMarker([patron.home], marker);
    for (const profile of ['Default', 'Profile 1']) {
      const exp = chromiumExpected('.config/chromium', `.cache/chromium/${profile}/Cache`, profile, true);
      assert.deepEqual(missing(found, exp), [], `chromium ${profile}: marker missing from these locations; found:\n${found.join('\n')}`);
    }
    assert.deepEqual(markerOutside(marker, patron.base), [], 'nothing written outside the patron home');
  } finally {
    await server.close();
    patron.cleanup();
  }
});

test('chromium fixture follows Snap, Flatpak and Google Chrome layouts', { timeout: 90_000 }, async (t) => {
  if (!needProgram(t, 'chromium')) return;
  const patron = makePatronHome();
  const marker = makeMarker();
  const server = await startMarkerServer(marker);
  try {
    const layouts = [
      { data: 'snap/chromium/common/chromium', cache: 'snap/chromium/common/.cache/chromium/Default/Cache' },
      { data: '.var/app/org.chromium.Chromium/config/chromium', cache: '.var/app/org.chromium.Chromium/cache/chromium/Default/Cache' },
      { data: '.config/google-chrome', cache: '.cache/google-chrome/Default/Cache' },
    ];
    for (const l of layouts) {
      const r = await makeChromiumProfile({
        userDataDir: join(patron.home, l.data),
        marker,
        server,
        tempDir: patron.temp,
        skipDownload: true,
      });
      t.diagnostic(`chromium ${l.data}: ${r.ms} ms`);
      assert.equal(r.storageResult, 'storage-done');
    }
    const found = findMarker([patron.home], marker);
    for (const l of layouts) {
      assert.deepEqual(missing(found, chromiumExpected(l.data, l.cache, 'Default', false)), [], `${l.data}; found:\n${found.join('\n')}`);
    }
    assert.deepEqual(markerOutside(marker, patron.base), []);
  } finally {
    await server.close();
    patron.cleanup();
  }
});

for (const layout of ['mozilla', 'xdg'] as const) {
  test(`firefox fixture fills a ${layout} profile, all inside the home`, { timeout: 90_000 }, async (t) => {
    if (!needProgram(t, 'firefox-esr')) return;
    const patron = makePatronHome();
    const marker = makeMarker();
    const server = await startMarkerServer(marker);
    try {
      const r = await makeFirefoxProfile({ home: patron.home, marker, server, layout, tempDir: patron.temp });
      t.diagnostic(`firefox ${layout}: ${r.ms} ms, ${r.storageResult}`);
      assert.equal(r.storageResult, 'storage-done');
      assert.ok(r.downloadPath && existsSync(r.downloadPath), 'download saved in ~/Downloads');
      const root = layout === 'xdg' ? '.config/mozilla/firefox' : '.mozilla/firefox';
      assert.ok(existsSync(join(patron.home, root, 'profiles.ini')));
      const found = findMarker([patron.home], marker);
      const exp = firefoxExpected(`${root}/${r.paths.folder}`, `.cache/mozilla/firefox/${r.paths.folder}`);
      assert.deepEqual(missing(found, exp), [], `firefox ${layout}: marker missing; found:\n${found.join('\n')}`);
      assert.deepEqual(markerOutside(marker, patron.base), [], 'nothing written outside the patron home');
    } finally {
      await server.close();
      patron.cleanup();
    }
  });
}

test('os and temp markers are planted and found', () => {
  const patron = makePatronHome();
  try {
    const marker = makeMarker();
    plantOsMarkers(patron.home, marker);
    plantTempMarkers(patron.temp, marker);
    const found = findMarker([patron.home], marker);
    const exp: Record<string, RegExp> = {
      downloads: /^Downloads\/tabulamarker[0-9a-f]+-invoice\.pdf$/,
      'downloads (content only)': /^Downloads\/plain-name\.txt$/,
      desktop: /^Desktop\//,
      documents: /^Documents\/sub\/deeper\//,
      'trash files': /^\.local\/share\/Trash\/files\//,
      'trash info': /^\.local\/share\/Trash\/info\/.+\.trashinfo$/,
      recent: /^\.local\/share\/recently-used\.xbel$/,
      thumbnails: /^\.cache\/thumbnails\/normal\/[0-9a-f]{32}\.png$/,
    };
    assert.deepEqual(missing(found, exp), [], found.join('\n'));
    const temp = findMarker([patron.temp], marker);
    assert.ok(temp.includes('plain-dir/cache.bin'), 'UTF-16LE content is found');
    assert.ok(temp.length >= 3);
    // The skeleton and the outside tree hold no marker.
    assert.deepEqual(findMarker([patron.outside, join(patron.home, '.bashrc')], marker), []);
  } finally {
    patron.cleanup();
  }
});
