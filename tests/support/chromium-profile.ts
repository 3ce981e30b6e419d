/**
 * Fills a real Chromium profile (Debian /usr/bin/chromium, driven by playwright-core) with a
 * marker: history, cookies, Web Storage, IndexedDB, Cache API, service worker, HTTP cache, form
 * history (autocomplete), a login form and a download into the patron's ~/Downloads.
 *
 * The browser runs with HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR inside the patron home so
 * nothing lands outside it. Chromium on Linux puts the disk cache under
 * $XDG_CACHE_HOME/<path of the user data dir relative to $XDG_CONFIG_HOME> when the user data dir
 * is inside $XDG_CONFIG_HOME, else inside the profile itself; `chromiumLayout` mirrors what the
 * distro, Snap and Flatpak packages set.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { MarkerServer } from './marker-server.js';
import { pagePaths } from './marker-server.js';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export interface ChromiumLayout {
  readonly home: string;
  /** XDG_CONFIG_HOME the browser sees. */
  readonly configHome: string;
  /** XDG_CACHE_HOME the browser sees. */
  readonly cacheHome: string;
}

/**
 * Works out HOME / XDG dirs for a user data dir in one of the layouts the wipe engine knows:
 * `<home>/.config/{chromium,google-chrome}`, `<home>/snap/chromium/common/chromium`,
 * `<home>/.var/app/<id>/config/chromium`.
 */
export function chromiumLayout(userDataDir: string): ChromiumLayout {
  const parts = userDataDir.split(sep);
  const snap = parts.lastIndexOf('snap');
  if (snap > 0 && parts[snap + 2] === 'common') {
    const common = parts.slice(0, snap + 3).join(sep);
    return { home: parts.slice(0, snap).join(sep), configHome: common, cacheHome: join(common, '.cache') };
  }
  const flat = parts.lastIndexOf('.var');
  if (flat > 0 && parts[flat + 1] === 'app' && parts[flat + 3] === 'config') {
    const app = parts.slice(0, flat + 3).join(sep);
    return { home: parts.slice(0, flat).join(sep), configHome: join(app, 'config'), cacheHome: join(app, 'cache') };
  }
  const cfg = parts.lastIndexOf('.config');
  if (cfg > 0) {
    const home = parts.slice(0, cfg).join(sep);
    return { home, configHome: join(home, '.config'), cacheHome: join(home, '.cache') };
  }
  throw new Error('unknown Chromium layout: pass home/configHome/cacheHome explicitly');
}

export interface ChromiumProfileOptions {
  /** The user data dir, e.g. `<home>/.config/chromium`. */
  readonly userDataDir: string;
  readonly marker: string;
  readonly server: MarkerServer;
  /** `Default` unless given, e.g. `Profile 1`. */
  readonly profileDirectory?: string;
  /** Overrides for the layout derived from userDataDir. */
  readonly layout?: Partial<ChromiumLayout>;
  /** TMPDIR for the browser: the patron temp dir if given, else `<cacheHome>/tabula-fixture-tmp`. */
  readonly tempDir?: string;
  /** Skip parts to make a quicker profile. */
  readonly skipDownload?: boolean;
}

export interface ChromiumProfileResult {
  readonly layout: ChromiumLayout;
  /** `<userDataDir>/<profileDirectory>` */
  readonly profileDir: string;
  /** Absolute path of the downloaded file. */
  readonly downloadPath: string | undefined;
  /** The title the storage page reported: 'storage-done' or 'storage-failed …'. */
  readonly storageResult: string;
  readonly ms: number;
}

export function chromiumArgs(server: MarkerServer, profileDirectory: string): string[] {
  return [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    `--host-resolver-rules=MAP *.test 127.0.0.1`,
    // Cache API and service workers need a secure context; plain http on a .test host is not one.
    `--unsafely-treat-insecure-origin-as-secure=${server.secureOrigin}`,
    `--profile-directory=${profileDirectory}`,
  ];
}

export function chromiumEnv(layout: ChromiumLayout, tempDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    HOME: layout.home,
    XDG_CONFIG_HOME: layout.configHome,
    XDG_CACHE_HOME: layout.cacheHome,
    XDG_DATA_HOME: join(layout.home, '.local', 'share'),
    TMPDIR: tempDir,
  };
}

export async function launchChromium(
  userDataDir: string,
  server: MarkerServer,
  opts: { profileDirectory?: string; layout?: ChromiumLayout; tempDir?: string; downloadsPath?: string } = {},
): Promise<BrowserContext> {
  const layout = opts.layout ?? chromiumLayout(userDataDir);
  const tempDir = opts.tempDir ?? join(layout.cacheHome, 'tabula-fixture-tmp');
  mkdirSync(tempDir, { recursive: true });
  const downloadsPath = opts.downloadsPath ?? join(tempDir, 'playwright-downloads');
  mkdirSync(downloadsPath, { recursive: true });
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: chromiumArgs(server, opts.profileDirectory ?? 'Default'),
    env: chromiumEnv(layout, tempDir),
    acceptDownloads: true,
    downloadsPath,
    timeout: 30_000,
  });
}

export async function makeChromiumProfile(opts: ChromiumProfileOptions): Promise<ChromiumProfileResult> {
  const started = Date.now();
  const { userDataDir, marker, server } = opts;
  const profileDirectory = opts.profileDirectory ?? 'Default';
  const layout = resolveLayout(userDataDir, opts.layout);
  const tempDir = opts.tempDir ?? join(layout.cacheHome, 'tabula-fixture-tmp');
  const downloads = join(layout.home, 'Downloads');
  mkdirSync(downloads, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });

  const context = await launchChromium(userDataDir, server, { profileDirectory, layout, tempDir });
  let downloadPath: string | undefined;
  let storageResult = '';
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    for (const p of pagePaths(marker)) {
      await page.goto(server.url(p), { waitUntil: 'load' });
    }
    // Storage, IndexedDB, Cache API, service worker.
    await page.goto(server.secureUrl('/storage'), { waitUntil: 'load' });
    await page.waitForFunction("document.title.startsWith('storage-')", undefined, { timeout: 15_000 });
    storageResult = await page.title();
    // Form history (autocomplete) — typed like a user, then submitted by clicking.
    await page.goto(server.url('/form'));
    await page.locator('#name').pressSequentially(`Name ${marker}`, { delay: 0 });
    await page.locator('#city').fill(`City${marker}`);
    await page.locator('#search').fill(`search ${marker}`);
    await page.locator('#email').fill(`${marker}@example.test`);
    await Promise.all([page.waitForURL(/form-done/), page.locator('#go').click()]);
    // Login form (Chromium headless usually does not save the password: no bubble to accept).
    await page.goto(server.url('/login'));
    await page.locator('#username').fill(`user_${marker}`);
    await page.locator('#password').fill(`pw_${marker}`);
    await Promise.all([page.waitForURL(/login-done/), page.locator('#signin').click()]);
    // Download, saved where Chromium would: ~/Downloads/<suggested name>.
    if (!opts.skipDownload) {
      await page.goto(server.url('/download-page'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dl').click()]);
      downloadPath = join(downloads, download.suggestedFilename());
      await download.saveAs(downloadPath);
    }
    // Images again (HTTP cache hits) and a last page so the history has a fresh entry.
    await page.goto(server.url(`/article/${marker}-three?q=${marker}`), { waitUntil: 'load' });
    // Give the profile's lazy writers (Local Storage, History commit timers) a moment.
    await page.waitForTimeout(1_500);
  } finally {
    await context.close(); // graceful: flushes History, Cookies, Web Data, leveldb
  }
  return { layout, profileDir: join(userDataDir, profileDirectory), downloadPath, storageResult, ms: Date.now() - started };
}

function resolveLayout(userDataDir: string, override: Partial<ChromiumLayout> | undefined): ChromiumLayout {
  if (override?.home && override.configHome && override.cacheHome) return override as ChromiumLayout;
  return { ...chromiumLayout(userDataDir), ...override };
}

/** Where Chromium puts the HTTP cache for this user data dir / profile, by its own rule. */
export function chromiumCacheDir(userDataDir: string, profileDirectory: string, layout: ChromiumLayout): string {
  const rel = relative(layout.configHome, userDataDir);
  if (!rel.startsWith('..') && !rel.startsWith(sep)) return join(layout.cacheHome, rel, profileDirectory, 'Cache');
  return join(userDataDir, profileDirectory, 'Cache');
}

/** Lists a directory, or [] when missing: small helper for tests. */
export function lsOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
