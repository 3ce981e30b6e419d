/**
 * The real-Electron suite (Playwright `_electron`): the packaged app's windows, their security
 * settings and the preload's exact API. It needs the Electron binary, which only the release
 * workflow has (the `electron` package is installed here for its types; its download is denied).
 * Without the binary the suite SKIPS — by design, even under TABULA_REQUIRE_ALL=1: this one skip is
 * the documented exception, because no Debian package provides Electron.
 */
import assert from 'node:assert/strict';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { APP_CHANNELS, APP_EVENTS } from '../../../protocol/app-api.js';
import { REPO } from '../support/page-server.js';

export const NO_ELECTRON = 'SKIPPED: no Electron binary here; runs in the release workflow';

/** The Electron executable, or undefined when the package has no binary (postinstall not run). */
export function electronBinary(): string | undefined {
  try {
    const found = createRequire(import.meta.url)('electron') as unknown;
    if (typeof found !== 'string' || !existsSync(found)) return undefined;
    accessSync(found, constants.X_OK);
    return found;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const main = path.join(REPO, 'dist', 'app', 'main', 'app', 'main.js');

test(
  'real Electron: windows are isolated, sandboxed and expose exactly window.tabula',
  { skip: binary ? false : NO_ELECTRON },
  async () => {
    assert.ok(existsSync(main), 'build the app first (tsc -p tsconfig.app.json and the preload bundle)');
    const app = await electron.launch({
      executablePath: binary!,
      args: [main, '--staff'],
      env: { ...process.env, TABULA_NO_NOTICE: '1', TABULA_AGENT_SOCKET: path.join(REPO, '.no-agent.sock') },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      assert.equal(new URL(page.url()).protocol, 'app:');
      const shape = (await page.evaluate(`({
      keys: Object.keys(window.tabula).sort(),
      node: typeof require + typeof process + typeof module,
      frozen: Object.isFrozen(window.tabula),
    })`)) as { keys: string[]; node: string; frozen: boolean };
      const expected = [...Object.keys(APP_CHANNELS), 'onProgress', 'onCountdown', 'onWipeDone'].sort();
      assert.deepEqual(shape.keys, expected);
      assert.equal(shape.node, 'undefinedundefinedundefined');
      assert.equal(shape.frozen, true);
      assert.ok(Object.keys(APP_EVENTS).length === 3);
      // Every window is ours and shows an app:// page (the options themselves are unit-tested: securePreferences).
      const urls = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
      for (const u of urls) assert.ok(u === '' || u.startsWith('app://tabula/'), u);
      // Navigation away from the app is refused.
      await page.evaluate(`location.href = 'https://example.com/'`).catch(() => undefined);
      await page.waitForTimeout(500);
      assert.equal(new URL(page.url()).protocol, 'app:');
      // The agent is not running: the staff window says so.
      await page.getByText('NOT RUNNING').waitFor();
    } finally {
      await app.close();
    }
  },
);

test('the Electron suite reports its skip loudly', () => {
  if (!binary) console.warn(`${NO_ELECTRON} (this skip is by design, also under TABULA_REQUIRE_ALL=1)`);
});
