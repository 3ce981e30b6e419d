/**
 * Debian's chromium through playwright-core, for the renderer pages. The browser gets its own
 * HOME, XDG folders and downloads folder (never the real home of whoever runs the tests).
 * Screenshots go to the git-ignored `.screenshots/`; `npm run screenshots` (TABULA_UPDATE_SCREENSHOTS=1)
 * writes the committed ones in docs/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { needProgram } from '../../support/programs.js';
import { REPO } from './page-server.js';

export const SCREENSHOTS =
  process.env.TABULA_UPDATE_SCREENSHOTS === '1' ? path.join(REPO, 'docs', 'screenshots') : path.join(REPO, '.screenshots');

export async function launch(t: TestContext): Promise<Browser | undefined> {
  if (!needProgram(t, 'chromium')) return undefined;
  const home = mkdtempSync(path.join(os.tmpdir(), 'tabula-browser-home-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
    downloadsPath: path.join(home, 'Downloads'),
    env: {
      ...env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
    },
  });
  browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
  return browser;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects console errors and CSP violations of a page (a page under test must have none). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are judged by URL below (Chromium's own /favicon.ico probe is not ours).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`http ${r.status()}: ${r.url()}`);
  });
  return errors;
}
