/**
 * Fills a real Firefox profile (Debian /usr/bin/firefox-esr, driven by puppeteer-core over
 * WebDriver BiDi) with a marker: places.sqlite (history), cookies.sqlite, storage/default
 * (localStorage, IndexedDB, Cache API), service worker registry, HTTP cache, formhistory.sqlite,
 * session store and a download into the patron's ~/Downloads.
 *
 * Layouts: 'mozilla' = `<home>/.mozilla/firefox/profiles.ini`, 'xdg' =
 * `<home>/.config/mozilla/firefox/profiles.ini`. The profile folder is `<8 chars>.default-esr`.
 * Puppeteer starts Firefox with `--profile DIR`, which makes Firefox keep its disk cache inside the
 * profile; a profile picked from profiles.ini keeps it in `<home>/.cache/mozilla/firefox/<folder>`.
 * We reproduce the latter with `browser.cache.disk.parent_directory`.
 */
import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { MarkerServer } from './marker-server.js';
import { pagePaths } from './marker-server.js';

export const FIREFOX_EXECUTABLE = '/usr/bin/firefox-esr';

export type FirefoxLayout = 'mozilla' | 'xdg';

export interface FirefoxPaths {
  readonly home: string;
  /** Folder holding profiles.ini. */
  readonly root: string;
  /** e.g. `k3j9x2qa.default-esr` */
  readonly folder: string;
  readonly profileDir: string;
  /** `<home>/.cache/mozilla/firefox/<folder>` */
  readonly cacheDir: string;
  readonly downloads: string;
}

export function firefoxRoot(home: string, layout: FirefoxLayout): string {
  return layout === 'xdg' ? join(home, '.config', 'mozilla', 'firefox') : join(home, '.mozilla', 'firefox');
}

function randomFolder(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 8 }, () => abc[Math.floor(Math.random() * abc.length)]).join('') + '.default-esr';
}

/** Creates profiles.ini (+ installs.ini) and an empty profile folder, as Firefox's first run does. */
export function createFirefoxProfileSkeleton(home: string, layout: FirefoxLayout, folder = randomFolder()): FirefoxPaths {
  const root = firefoxRoot(home, layout);
  const profileDir = join(root, folder);
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(
    join(root, 'profiles.ini'),
    `[Profile0]\nName=default-esr\nIsRelative=1\nPath=${folder}\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n`,
  );
  // 3F8D5B5E7C8E0B4A is a stand-in for the install-path hash Firefox writes.
  writeFileSync(join(root, 'installs.ini'), `[3F8D5B5E7C8E0B4A]\nDefault=${folder}\nLocked=1\n`);
  return {
    home,
    root,
    folder,
    profileDir,
    cacheDir: join(home, '.cache', 'mozilla', 'firefox', folder),
    downloads: join(home, 'Downloads'),
  };
}

export interface FirefoxLaunchOptions {
  readonly paths: FirefoxPaths;
  readonly server: MarkerServer;
  /** TMPDIR for the browser (default `<home>/.cache/tabula-fixture-tmp`). */
  readonly tempDir?: string;
  readonly extraPrefs?: Record<string, string | number | boolean>;
}

export function firefoxPrefs(paths: FirefoxPaths, server: MarkerServer): Record<string, string | number | boolean> {
  return {
    // *.test → 127.0.0.1 (network.dns.localDomains works too, but needs every host listed).
    'network.dns.forceResolve': '127.0.0.1',
    'network.proxy.type': 0,
    // Cache API and service workers need a secure context.
    'dom.securecontext.allowlist': new URL(server.secureOrigin).hostname,
    'dom.serviceWorkers.testing.enabled': true,
    'browser.cache.disk.parent_directory': paths.cacheDir,
    'browser.cache.disk.enable': true,
    'browser.download.dir': paths.downloads,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.formfill.enable': true,
    'signon.rememberSignons': true,
    'places.history.enabled': true,
    'browser.sessionstore.interval': 1000,
    'privacy.sanitize.sanitizeOnShutdown': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.aboutwelcome.enabled': false,
  };
}

export async function launchFirefox(opts: FirefoxLaunchOptions): Promise<Browser> {
  const { paths, server } = opts;
  const tempDir = opts.tempDir ?? join(paths.home, '.cache', 'tabula-fixture-tmp');
  mkdirSync(tempDir, { recursive: true });
  mkdirSync(paths.downloads, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.XDG_CONFIG_HOME;
  delete env.XDG_CACHE_HOME;
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_EXECUTABLE,
    headless: true,
    userDataDir: paths.profileDir,
    protocolTimeout: 30_000,
    timeout: 30_000,
    env: {
      ...env,
      HOME: paths.home,
      XDG_CONFIG_HOME: join(paths.home, '.config'),
      XDG_CACHE_HOME: join(paths.home, '.cache'),
      XDG_DATA_HOME: join(paths.home, '.local', 'share'),
      TMPDIR: tempDir,
      MOZ_CRASHREPORTER_DISABLE: '1',
    },
    extraPrefsFirefox: { ...firefoxPrefs(paths, server), ...opts.extraPrefs },
  });
}

/**
 * Puppeteer writes user.js (and backs up prefs.js) into a profile it is given, and restores them on
 * close; a leftover `user.js` would pin our test prefs for the next start, so we drop it.
 */
export function removePuppeteerPrefs(profileDir: string): void {
  for (const f of ['user.js.puppeteer', 'prefs.js.puppeteer']) {
    const p = join(profileDir, f);
    if (existsSync(p)) rmSync(p);
  }
  const user = join(profileDir, 'user.js');
  if (existsSync(user)) rmSync(user);
}

export interface FirefoxProfileOptions {
  readonly home: string;
  readonly marker: string;
  readonly server: MarkerServer;
  readonly layout: FirefoxLayout;
  readonly tempDir?: string;
  readonly folder?: string;
}

export interface FirefoxProfileResult {
  readonly paths: FirefoxPaths;
  readonly storageResult: string;
  readonly downloadPath: string | undefined;
  readonly ms: number;
}

async function waitForFile(path: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(path)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t = Date.now();
  try {
    await fn();
  } catch (e) {
    throw new Error(`firefox fixture step "${name}" failed after ${Date.now() - t} ms: ${(e as Error).message}`, { cause: e });
  }
  if (process.env.TABULA_FIXTURE_DEBUG) console.error(`firefox fixture: ${name} ${Date.now() - t} ms`);
}

export async function makeFirefoxProfile(opts: FirefoxProfileOptions): Promise<FirefoxProfileResult> {
  const started = Date.now();
  const { home, marker, server } = opts;
  const paths = createFirefoxProfileSkeleton(home, opts.layout, opts.folder);
  const browser = await launchFirefox({ paths, server, ...(opts.tempDir ? { tempDir: opts.tempDir } : {}) });
  let storageResult = '';
  let downloadPath: string | undefined;
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    page.setDefaultTimeout(15_000);
    await step('history', async () => {
      for (const p of pagePaths(marker)) await page.goto(server.url(p), { waitUntil: 'load' });
    });
    await step('storage', async () => {
      await page.goto(server.secureUrl('/storage'), { waitUntil: 'load' });
      await page.waitForFunction("document.title.startsWith('storage-')", { timeout: 15_000 });
      storageResult = await page.title();
    });
    await step('form', async () => {
      await page.goto(server.url('/form'));
      await page.type('#name', `Name ${marker}`);
      await page.type('#city', `City${marker}`);
      await page.type('#search', `search ${marker}`);
      await page.type('#email', `${marker}@example.test`);
      await page.click('#go');
      await page.waitForFunction("document.title.startsWith('Form done')");
    });
    await step('login', async () => {
      await page.goto(server.url('/login'));
      await page.type('#username', `user_${marker}`);
      await page.type('#password', `pw_${marker}`);
      await page.click('#signin');
      await page.waitForFunction("document.title.startsWith('Welcome')");
    });
    await step('last page', async () => {
      await page.goto(server.url(`/article/${marker}-three?q=${marker}`), { waitUntil: 'load' });
      await new Promise((r) => setTimeout(r, 1_500)); // session store interval, places flush
    });
    // Last: a download leaves the tab with a pending navigation that confuses the next goto.
    await step('download', async () => {
      await page.goto(server.url('/download-page'));
      await page.click('#dl');
      const expected = join(paths.downloads, `${marker}-download.txt`);
      if (await waitForFile(expected, 10_000)) downloadPath = expected;
      await new Promise((r) => setTimeout(r, 500)); // downloads.sqlite / places annotations
    });
  } finally {
    await browser.close(); // graceful quit: writes sessionstore.jsonlz4, checkpoints places.sqlite
  }
  removePuppeteerPrefs(paths.profileDir);
  return { paths, storageResult, downloadPath, ms: Date.now() - started };
}
