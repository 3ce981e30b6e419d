/**
 * End to end against real browsers: fill a patron home with Chromium (Default + Profile 1) and
 * Firefox ESR profiles, OS and temp markers; run `tabula wipe --json`; then no byte of the marker
 * may remain, the skeleton, the outside tree and symlink targets must be intact, the output and
 * logs must not leak the marker or the home path, and both browsers must start again on the
 * wiped profiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { needProgram } from '../support/programs.js';
import { checkSurvivors, makePatronHome } from '../support/patron-home.js';
import { makeMarker, startMarkerServer } from '../support/marker-server.js';
import { launchChromium, makeChromiumProfile } from '../support/chromium-profile.js';
import { launchFirefox, makeFirefoxProfile, removePuppeteerPrefs } from '../support/firefox-profile.js';
import { plantOsMarkers, plantTempMarkers } from '../support/os-markers.js';
import { findMarker, findMarkerHits } from '../support/grep-marker.js';

const run = promisify(execFile);
const CLI = resolve('dist/main/cli.js');

interface WipeJson {
  outcome: string;
  categories: Record<string, { items: number; bytes: number }>;
  failures: unknown[];
  remaining: number;
  safeMs: number;
  doneMs: number;
}

test('tabula wipe removes every marker from real Chromium and Firefox profiles, and only those', { timeout: 180_000 }, async (t) => {
  if (!needProgram(t, 'chromium') || !needProgram(t, 'firefox-esr')) return;
  assert.ok(existsSync(CLI), 'dist/main/cli.js is built');
  const patron = makePatronHome();
  const marker = makeMarker();
  const server = await startMarkerServer(marker);
  const state = join(patron.base, 'state');
  mkdirSync(state);
  try {
    const userDataDir = join(patron.home, '.config', 'chromium');
    await makeChromiumProfile({ userDataDir, marker, server, tempDir: patron.temp });
    await makeChromiumProfile({ userDataDir, marker, server, profileDirectory: 'Profile 1', tempDir: patron.temp, skipDownload: true });
    const ff = await makeFirefoxProfile({ home: patron.home, marker, server, layout: 'mozilla', tempDir: patron.temp });
    plantOsMarkers(patron.home, marker);
    plantTempMarkers(patron.temp, marker);
    const before = findMarker([patron.home, patron.temp], marker);
    t.diagnostic(`${before.length} files hold the marker before the wipe`);
    assert.ok(before.length > 40);

    const args = [CLI, 'wipe', '--home', patron.home, '--temp', patron.temp, '--state', state, '--json', '--no-close-browsers'];
    const started = Date.now();
    const { stdout, stderr } = await run(process.execPath, args, { timeout: 60_000 });
    t.diagnostic(`wipe took ${Date.now() - started} ms`);
    const out = JSON.parse(stdout) as WipeJson;
    t.diagnostic(`wipe: ${JSON.stringify(out)}`);

    // Nothing of the patron left, nothing else touched.
    const left = findMarkerHits([patron.home, patron.temp], marker).map((h) => h.path.slice(patron.base.length));
    assert.deepEqual(left, [], 'marker still present after the wipe');
    assert.deepEqual(checkSurvivors(patron), []);
    for (const [name, link] of Object.entries(patron.links)) {
      // The wipe may remove a link; if it kept it, it must still point where it pointed.
      if (existsSync(link) || lstatSyncSafe(link)) {
        const target = { toFile: patron.targets.file, toDir: patron.targets.dir, toRoot: patron.targets.root }[name as 'toFile'];
        assert.equal(readlinkSync(link), target, `${name} retargeted`);
      }
    }
    assert.equal(out.outcome, 'clean');
    assert.equal(out.remaining, 0);
    assert.deepEqual(out.failures, []);

    // No patron data in the output or the state dir (logs).
    for (const text of [stdout, stderr]) {
      assert.ok(!text.toLowerCase().includes(marker), 'output leaks the marker');
      assert.ok(!text.includes(patron.home) && !text.includes(patron.base), 'output leaks the home path');
    }
    assert.deepEqual(findMarker([state], marker), [], 'state dir leaks the marker');
    assert.deepEqual(findMarker([state], patron.base), [], 'state dir leaks the home path');

    const verify = await run(process.execPath, [CLI, 'verify', '--home', patron.home, '--temp', patron.temp, '--state', state, '--json'], {
      timeout: 60_000,
    });
    assert.ok(!verify.stdout.includes(marker));

    // Both browsers start again on the wiped profiles and load a page.
    const chromium = await launchChromium(userDataDir, server, { tempDir: patron.temp });
    try {
      const page = chromium.pages()[0] ?? (await chromium.newPage());
      await page.goto(server.url('/plain'));
      assert.equal(await page.title(), 'plain page');
    } finally {
      await chromium.close();
    }
    // If the wipe removed the whole profile folder, Firefox would recreate it from profiles.ini;
    // puppeteer needs the folder to exist to write its user.js.
    mkdirSync(ff.paths.profileDir, { recursive: true });
    const firefox = await launchFirefox({ paths: ff.paths, server, tempDir: patron.temp });
    try {
      const page = (await firefox.pages())[0] ?? (await firefox.newPage());
      await page.goto(server.url('/plain'));
      assert.equal(await page.title(), 'plain page');
    } finally {
      await firefox.close();
      removePuppeteerPrefs(ff.paths.profileDir);
    }
  } finally {
    await server.close();
    patron.cleanup();
  }
});

function lstatSyncSafe(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
