/** Debian's chromium through playwright-core, for the renderer pages; screenshots go to docs/screenshots/. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { needProgram } from '../../support/programs.js';
import { REPO } from './page-server.js';

export const SCREENSHOTS = path.join(REPO, 'docs', 'screenshots');

export async function launch(t: TestContext): Promise<Browser | undefined> {
  if (!needProgram(t, 'chromium')) return undefined;
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
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
