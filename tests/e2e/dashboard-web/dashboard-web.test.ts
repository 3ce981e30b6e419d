/**
 * The dashboard web UI in Debian chromium (playwright-core) against the real server: buildApp on
 * a real SQLite store in a temp dir, listening on loopback, seeded through the real enroll and
 * report API. Login (wrong password, then right), overview with a failing PC highlighted, charts
 * with text alternatives, site drill-down, CSV export, branch scoping, keyboard-only use, and no
 * CSP violation or console error anywhere. Screenshots go to docs/screenshots/dashboard-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addUser, enroll, listenOnLoopback, PASSWORD, postReports, testApp, type TestApp } from '../../support/dashboard/app.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { launch, pageErrors, screenshot } from '../support/browser.js';
import { WEB_SCRIPTS } from '../../../dashboard/server/routes/web-routes.js';

const DAY = 86_400_000;
const VIEWPORT = { width: 1366, height: 768 };
let t: TestApp;
let base = '';
let browser: Browser | undefined;
const north: string[] = [];

before(async () => {
  assert.ok(existsSync(path.join(WEB_SCRIPTS, 'app.mjs')), 'build the UI first: tsc -p tsconfig.dashboard-web.json');
  t = await testApp({ secureCookies: false });
  await addUser(t.store, 'ada', 'admin');
  await addUser(t.store, 'nora', 'staff', ['north']);
  for (let i = 0; i < 3; i++) {
    const d = await enroll(t, 'north');
    north.push(d.id);
    const reports = [0, 1, 2, 4].map((k) => makeReport({ hour: hourOf(Date.now() - k * DAY - i * 3_600_000), wipes: 3 + k + i }));
    const res = await postReports(t, d, JSON.stringify(makeBatch(d, reports)));
    assert.equal(res.statusCode, 200, res.body);
  }
  const failing = await enroll(t, 'north');
  north.push(failing.id);
  await postReports(t, failing, JSON.stringify(makeBatch(failing, [makeReport({ hour: hourOf(Date.now() - DAY) }), failedReport()])));
  const south = await enroll(t, 'south');
  await postReports(
    t,
    south,
    JSON.stringify(makeBatch(south, [makeReport({ wipes: 7 }), makeReport({ hour: hourOf(Date.now() - 3 * DAY), wipes: 5 })])),
  );
  base = await listenOnLoopback(t);
});

after(async () => {
  await browser?.close();
  await t?.close();
});

/** Page errors, less the API's expected refusals: the signed-out session probe and a wrong password. */
function unexpected(errors: string[], also: RegExp[] = []): string[] {
  const expected = [/^http 401: .*\/api\/v1\/session$/, /^http 401: .*\/api\/v1\/login$/, ...also];
  return errors.filter((e) => !expected.some((re) => re.test(e)));
}

async function open(page: Page): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to the Tabula dashboard' }).waitFor();
}

async function signIn(page: Page, name: string): Promise<void> {
  await open(page);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
}

test('login: a wrong password is refused with a message; then the overview shows the sites and the failing PC', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = pageErrors(page);
  await open(page);
  const csp = (await page.request.get(`${base}/`)).headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'/);
  await page.getByLabel('User name').fill('ada');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('Wrong user name or password.').waitFor();
  assert.equal(await page.evaluate('document.activeElement.id'), 'password', 'focus returns to the password');
  assert.equal(await page.getByLabel('Password').inputValue(), '');
  await screenshot(page, 'dashboard-login-error');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
  await page.locator('.who').getByText('Signed in as ada (consortium admin)').waitFor();
  const sites = page.getByRole('table', { name: /^Sites/ });
  const rows = sites.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const northRow = rows.filter({ has: page.getByRole('link', { name: 'north', exact: true }) });
  assert.match((await northRow.getAttribute('class')) ?? '', /row-failing/, 'the site with a failing PC is highlighted');
  assert.match(await northRow.innerText(), /1 failing/);
  assert.match(await northRow.innerText(), /\t4\t/, 'four PCs at north');
  const southRow = rows.filter({ has: page.getByRole('link', { name: 'south', exact: true }) });
  assert.doesNotMatch((await southRow.getAttribute('class')) ?? '', /row-failing/);
  await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
  assert.match(await page.locator('.attention').innerText(), /1 failing at north/);
  assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 1366'), 'no horizontal scrolling at 1366 px');
  await screenshot(page, 'dashboard-overview');
  assert.deepEqual(unexpected(errors), []);
  await page.close();
});

test('charts render as images with text alternatives and a data table', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = pageErrors(page);
  await signIn(page, 'ada');
  const daily = page.getByRole('img', { name: /^Sessions wiped per day, all sites, last 30 days/ });
  await daily.waitFor();
  const described = await daily.getAttribute('aria-labelledby');
  assert.ok(described);
  const summary = await page.locator(`[id="${described.split(' ')[1]}"]`).textContent();
  // north: 3 PCs × (3+4+6+7 reports' wipes, shifted by i) + 2 on the failing PC; south: 12.
  const expected = [0, 1, 2].reduce((a, i) => a + (3 + i) + (4 + i) + (5 + i) + (7 + i), 0) + 2 + 12;
  assert.match(summary ?? '', new RegExp(`${expected} sessions wiped, 1 of them failed`));
  assert.ok((await daily.locator('rect').count()) >= 4, 'bars are drawn');
  const perSite = page.getByRole('img', { name: /^Sessions wiped per site, last 7 days/ });
  await perSite.waitFor();
  await page.getByText('Show the data of “Sessions wiped per site, last 7 days” as a table').click();
  const data = page.getByRole('table', { name: 'Sessions wiped per site, last 7 days' });
  assert.equal(await data.locator('tbody tr').count(), 2);
  assert.match(await data.locator('tbody tr').first().innerText(), /^north\t/);
  await page.getByLabel('Charts cover:').selectOption('7');
  await page.getByRole('img', { name: /^Sessions wiped per day, all sites, last 7 days/ }).waitFor();
  assert.deepEqual(unexpected(errors), []);
  await page.close();
});

test('drill-down into a site, then the CSV export downloads its PCs', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true });
  const errors = pageErrors(page);
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'north', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Site north' }).waitFor();
  assert.equal(await page.evaluate('document.activeElement.id'), 'view-title', 'focus moves to the new heading');
  assert.equal(await page.title(), 'Site north – Tabula dashboard');
  const pcs = page.getByRole('table', { name: /^PCs at north/ }).locator('tbody tr');
  assert.equal(await pcs.count(), 4);
  assert.match((await pcs.first().getAttribute('class')) ?? '', /row-failing/, 'the failing PC comes first, highlighted');
  assert.match(await pcs.first().innerText(), /Failing\tfailed/);
  await page.getByRole('img', { name: /^Sessions wiped per day at north/ }).waitFor();
  const categories = page.getByRole('img', { name: /^Items wiped by category at north/ });
  assert.match((await categories.locator('desc').textContent()) ?? '', /cache \d+, history \d+/);
  await page
    .getByRole('table', { name: /^Failures by category and error code/ })
    .getByText('E_BUSY')
    .waitFor();
  await screenshot(page, 'dashboard-site');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export PCs as CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'tabula-north-devices.csv');
  const file = await download.path();
  const lines = readFileSync(file, 'utf8').trim().split('\r\n');
  assert.match(lines[0] ?? '', /^site,site_name,device,pc_label,platform,agent_version,last_seen_utc/);
  assert.equal(lines.length, 5);
  assert.deepEqual(
    lines
      .slice(1)
      .map((l) => l.split(',')[2]?.replace(/"/g, ''))
      .sort(),
    [...north].sort(),
  );
  assert.ok(lines.slice(1).every((l) => l.startsWith('"north",')));
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Fleet overview' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
  assert.deepEqual(unexpected(errors), []);
  await page.close();
});

test('branch staff see only their branch, in the overview and by URL', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = pageErrors(page);
  await signIn(page, 'nora');
  await page.locator('.who').getByText('(staff: north)').waitFor();
  const rows = page.getByRole('table', { name: /^Sites/ }).locator('tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /^north\t/);
  assert.equal(await page.getByRole('link', { name: 'south', exact: true }).count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /south/);
  await page.goto(`${base}/#/site/south`);
  await page.getByRole('heading', { level: 1, name: 'Not permitted' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /dev_/);
  await screenshot(page, 'dashboard-staff-forbidden');
  // The 403 of the API call is the expected refusal, not an error of the page.
  assert.deepEqual(unexpected(errors, [/^http 403: .*\/api\/v1\/sites\/south\?days=30$/]), []);
  await page.close();
});

test('keyboard only: sign in, open a site, sign out', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = pageErrors(page);
  await open(page);
  assert.equal(await page.evaluate('document.activeElement.id'), 'name', 'the user name field has the focus');
  await page.keyboard.type('ada');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.id'), 'password');
  const ring = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
  assert.notEqual(ring, 'none', 'the focused field shows a focus ring');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
  assert.equal(await page.evaluate('document.activeElement.id'), 'view-title');
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate('document.activeElement.getAttribute("href")')) === '#/site/south';
  }
  assert.ok(reached, 'the site link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Site south' }).waitFor();
  await page.keyboard.press('Shift+Tab');
  await page.getByRole('button', { name: 'Log out' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('You have signed out.').waitFor();
  const after = await page.request.get(`${base}/api/v1/overview`);
  assert.equal(after.status(), 401, 'the session ended on the server');
  await screenshot(page, 'dashboard-login');
  assert.deepEqual(unexpected(errors), []);
  await page.close();
});
