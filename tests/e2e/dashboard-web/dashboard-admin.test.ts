/**
 * Site administration and per-site charts in Debian chromium (playwright-core) against the real
 * server on a SQLite store: one small daily chart per site on the overview (failing site first),
 * branch staff create an enrollment token that is shown once and enrolls a PC at their site, an
 * admin revokes a PC with the button, its next report is refused and it is listed under "Revoked PCs";
 * over 92 days the per-site charts are weekly.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  addUser,
  enroll,
  listenOnLoopback,
  PASSWORD,
  postReports,
  testApp,
  type Enrolled,
  type TestApp,
} from '../../support/dashboard/app.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { launch, pageErrors, screenshot } from '../support/browser.js';

const DAY = 86_400_000;
const VIEWPORT = { width: 1366, height: 768 };
let t: TestApp;
let base = '';
let browser: Browser | undefined;
let failing: Enrolled;

before(async () => {
  t = await testApp({ secureCookies: false });
  await addUser(t.store, 'ada', 'admin');
  await addUser(t.store, 'nora', 'staff', ['north']);
  const ok = await enroll(t, 'north');
  await postReports(t, ok, JSON.stringify(makeBatch(ok, [makeReport({ wipes: 2, safeMs: { le250: 2 }, doneMs: { le1000: 2 } })])));
  failing = await enroll(t, 'north');
  await postReports(t, failing, JSON.stringify(makeBatch(failing, [failedReport()])));
  const south = await enroll(t, 'south');
  await postReports(
    t,
    south,
    JSON.stringify(
      makeBatch(south, [
        makeReport({ wipes: 7, safeMs: { le250: 7 }, doneMs: { le1000: 7 } }),
        makeReport({ hour: hourOf(Date.now() - 3 * DAY), wipes: 5, safeMs: { le250: 5 }, doneMs: { le1000: 5 } }),
      ]),
    ),
  );
  base = await listenOnLoopback(t);
});

after(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(name: string) {
  const page = await browser!.newPage({ viewport: VIEWPORT });
  const errors = pageErrors(page);
  await page.goto(`${base}/`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
  // The signed-out session probe before sign-in is the one expected refusal.
  return { page, errors: () => errors.filter((e) => !/^http 401: .*\/api\/v1\/session$/.test(e)) };
}

test('overview: one daily chart per site, the failing site first, each with its numbers', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const { page, errors } = await signIn('ada');
  const small = page.locator('.charts-small').getByRole('img');
  assert.equal(await small.count(), 2);
  assert.match((await small.first().getAttribute('aria-labelledby')) ?? '', /chart-/);
  const names = await page.locator('.charts-small .chart-title').allTextContents();
  assert.deepEqual(names, ['Sessions wiped per day at north, last 30 days', 'Sessions wiped per day at south, last 30 days']);
  const south = page.getByRole('img', { name: /^Sessions wiped per day at south/ });
  assert.match((await south.locator('desc').textContent()) ?? '', /12 sessions wiped, 0 of them failed/);
  const north = page.getByRole('img', { name: /^Sessions wiped per day at north/ });
  assert.match((await north.locator('desc').textContent()) ?? '', /3 sessions wiped, 1 of them failed/);
  assert.equal(await north.locator('rect.bar-failed').count(), 1, 'the failed wipe is drawn in red');
  await page.getByRole('heading', { name: 'Sessions wiped per day, per site' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'dashboard-per-site');
  // Over 92 days the per-site charts are per ISO week, and say so.
  await page.getByLabel('Charts cover:').selectOption('365');
  await page.getByRole('heading', { name: 'Sessions wiped per week, per site' }).waitFor();
  assert.deepEqual(await page.locator('.charts-small .chart-title').allTextContents(), [
    'Sessions wiped per week at north, last 365 days',
    'Sessions wiped per week at south, last 365 days',
  ]);
  const southYear = page.getByRole('img', { name: /^Sessions wiped per week at south/ });
  assert.match((await southYear.locator('desc').textContent()) ?? '', /per week \(Monday to Sunday, UTC\): 12 sessions wiped/);
  assert.ok((await southYear.locator('rect.bar-ok').count()) <= 2, 'one bar per week, not per day');
  assert.deepEqual(errors(), []);
  await page.close();
});

test('branch staff create an enrollment token for their site; it is shown once and enrolls a PC there', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const { page, errors } = await signIn('nora');
  await page.goto(`${base}/#/site/north`);
  await page.getByRole('heading', { level: 1, name: 'Site north' }).waitFor();
  await page.getByLabel('PCs it may enroll').fill('0');
  await page.getByRole('button', { name: 'Create enrollment token' }).click();
  await page.getByText('Enter a whole number from 1 to 1000.').waitFor();
  await page.getByLabel('PCs it may enroll').fill('2');
  await page.getByLabel('Valid for').selectOption('24');
  await page.getByRole('button', { name: 'Create enrollment token' }).click();
  const field = page.getByLabel('Enrollment token');
  await field.waitFor();
  const token = await field.inputValue();
  assert.match(token, /^tbe_[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.evaluate('document.activeElement.id'), 'token-value', 'the token is focused and selected for copying');
  await page.getByText('It enrolls up to 2 PCs at north until').waitFor();
  await screenshot(page, 'dashboard-token');
  const res = await page.request.post(`${base}/api/v1/enroll`, { data: { v: 1, token, agentVersion: '0.1.0', platform: 'win32' } });
  assert.equal(res.status(), 200);
  assert.equal((await res.json()).siteId, 'north');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Site north' }).waitFor();
  assert.equal(await page.getByLabel('Enrollment token').count(), 0, 'never shown again');
  assert.doesNotMatch(await page.content(), new RegExp(token));

  // Listed by id (never the token) with the uses left; revoked, it enrolls nothing more.
  const id = createHash('sha256').update(token).digest('hex').slice(0, 12);
  const row = page.getByRole('table', { name: 'Tokens that can still enroll PCs' }).getByRole('row', { name: new RegExp(id) });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`^${id}\t1\t`), 'one of its two uses is left');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Revoke token ${id}` }).click();
  await row.waitFor({ state: 'detached' });
  const refused = await page.request.post(`${base}/api/v1/enroll`, { data: { v: 1, token, agentVersion: '0.1.0', platform: 'win32' } });
  assert.notEqual(refused.status(), 200, 'a revoked token enrolls nothing');
  assert.deepEqual(errors(), []);
  await page.close();
});

test('an admin revokes a PC: it leaves the list and its next report is refused', async (tc) => {
  browser ??= await launch(tc);
  if (!browser) return;
  const { page, errors } = await signIn('ada');
  await page.goto(`${base}/#/site/north`);
  const pcs = page.getByRole('table', { name: /^PCs at north/ }).locator('tbody tr');
  await pcs.first().waitFor();
  const before = await pcs.count();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Revoke ${failing.id}` }).click();
  await page.locator('#status').getByText(`${failing.id} was revoked.`).waitFor();
  await page.getByRole('table', { name: `PCs at north (${before - 1}), failing and silent first` }).waitFor();
  assert.equal(await page.getByRole('button', { name: `Revoke ${failing.id}` }).count(), 0);
  // It is listed, collapsed, under "Revoked PCs".
  const revoked = page.getByRole('table', { name: /^Revoked PCs at north \(1\)/ });
  assert.equal(await revoked.isVisible(), false, 'collapsed');
  await page.getByRole('heading', { level: 2, name: 'Revoked PCs' }).waitFor();
  await page.getByText('Show 1 revoked PC', { exact: true }).click();
  await revoked.getByRole('rowheader', { name: failing.id }).waitFor();
  assert.match((await revoked.locator('tbody tr td').first().textContent()) ?? '', /\d/, 'revoked at');
  assert.match((await revoked.locator('tbody tr td').nth(1).textContent()) ?? '', /ago|just now/, 'last seen');
  await revoked.scrollIntoViewIfNeeded();
  await screenshot(page, 'dashboard-revoked');
  const refused = await postReports(t, failing, JSON.stringify(makeBatch(failing, [failedReport()])));
  assert.equal(refused.statusCode, 401);
  assert.deepEqual(errors(), []);
  await page.close();
});
