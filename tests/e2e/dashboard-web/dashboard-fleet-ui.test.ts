/**
 * The fleet UI at 800 px wide in Debian's Chromium (own profile, HOME and downloads folder): the
 * overview table fits, site names stand beside ids, no focus ring around the heading on load,
 * singular counts read "1 site" not "1 sites"; on a site, PC names are shown and searched, the
 * last error code is explained, and an administrator sees the alert channels. Screenshots go to
 * dist/screenshots/ (ignored), never to the tracked docs/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { addUser, listenOnLoopback, newToken, PASSWORD, postReports, testApp, type TestApp } from '../../support/dashboard/app.js';
import { failedReport, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { needProgram } from '../../support/programs.js';
import { removeTree, tempDir } from '../../support/tree.js';
import { pageErrors } from '../support/browser.js';
import { REPO } from '../support/page-server.js';

const SHOTS = path.join(REPO, 'dist', 'screenshots');
let t: TestApp;
let base = '';
let profile = '';
let context: BrowserContext | undefined;

before(async () => {
  t = await testApp({ secureCookies: false, alertSweepMs: false });
  await addUser(t.store, 'ada', 'admin');
  const sites = ['north', 'south-2', 'east', 'riverside-branch'];
  for (const [i, site] of sites.entries()) {
    const token = await newToken(t.store, site);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { v: 1, token, agentVersion: '0.1.0', platform: 'linux', pcLabel: `${site}-pc-${i + 1}` },
    });
    const d = res.json() as { deviceId: string; siteId: string; credential: string };
    const pc = { id: d.deviceId, siteId: d.siteId, credential: d.credential };
    const report = i === 0 ? failedReport({ failures: [{ category: 'downloads', code: 'E_PERM', count: 1 }] }) : makeReport();
    assert.equal((await postReports(t, pc, JSON.stringify(makeBatch(pc, [report])))).statusCode, 200);
  }
  await t.store.nameSite('north', 'North Branch Library');
  await t.store.nameSite('riverside-branch', 'Riverside Community Library and Learning Centre');
  base = await listenOnLoopback(t);
});

after(async () => {
  await context?.close();
  await t?.close();
  if (profile) removeTree(profile);
});

test('overview at 800 px, then a site page with names, search, error help and alerts', async (tc) => {
  if (!needProgram(tc, 'chromium')) return;
  profile = tempDir('tabula-e2e-fleet-');
  const downloads = path.join(profile, 'downloads');
  mkdirSync(downloads);
  context = await chromium.launchPersistentContext(path.join(profile, 'user-data'), {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
    downloadsPath: downloads,
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: path.join(profile, '.config'), XDG_CACHE_HOME: path.join(profile, '.cache') },
    viewport: { width: 800, height: 900 },
  });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${base}/`);
  await page.getByLabel('User name').fill('ada');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();

  const fit = (await page.evaluate(`({
    page: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll('.table-wrap')].map((w) => w.scrollWidth - w.clientWidth),
  })`)) as { page: number; tables: number[] };
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-overview-800.png'), fullPage: true });
  assert.ok(fit.page <= 800, `the page is ${fit.page} px wide`);
  assert.deepEqual(
    fit.tables,
    fit.tables.map(() => 0),
    'no table is cut off or scrolls sideways',
  );
  const sitesTable = page.getByRole('table', { name: /^Sites \(4\)/ });
  await sitesTable.getByRole('link', { name: 'North Branch Library (north)' }).waitFor();
  const ring = await page.evaluate(`(() => {
    const h1 = document.getElementById('view-title');
    return h1 ? getComputedStyle(h1).outlineStyle : 'missing';
  })()`);
  assert.equal(ring, 'none', 'no focus ring drawn around the heading');
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /(^|\D)1 (sessions|sites|items|PCs)\b/, 'singulars read "1 session"');

  await sitesTable.getByRole('link', { name: 'North Branch Library (north)' }).click();
  await page.getByRole('heading', { level: 1, name: 'Site North Branch Library (north)' }).waitFor();
  const pcs = page.getByRole('table', { name: /^PCs at North Branch Library/ });
  await pcs.getByText('north-pc-1').waitFor();
  await pcs.getByText(ERROR_HELP.E_PERM.action, { exact: false }).waitFor();
  await page.getByLabel('Find a PC by name or id').fill('nothing-like-this');
  assert.equal(await pcs.locator('tbody tr:not([hidden])').count(), 0);
  await page.getByLabel('Find a PC by name or id').fill('NORTH-pc');
  assert.equal(await pcs.locator('tbody tr:not([hidden])').count(), 1);
  await page.getByRole('heading', { level: 2, name: 'Alerts' }).waitFor();
  await page.getByText('No alert channel yet', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-site-800.png'), fullPage: true });
  assert.ok(
    Number(await page.evaluate('document.documentElement.scrollWidth')) <= 800,
    'the site page fits 800 px (wide tables scroll in their box)',
  );
  assert.deepEqual(
    errors.filter((e) => !/http 401: .*\/api\/v1\/session$/.test(e)),
    [],
  );
});
