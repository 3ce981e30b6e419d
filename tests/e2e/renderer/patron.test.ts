/** The patron notice (English and Spanish) and the idle countdown with its cancel, in Debian chromium. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ACCOUNT, startHarness } from '../support/agent-harness.js';
import { installTabula } from '../support/bridge.js';
import { launch, pageErrors, screenshot } from '../support/browser.js';
import { startPageServer, type PageServer } from '../support/page-server.js';

let server: PageServer;
let browser: Browser | undefined;

const NOTICE = {
  libraryName: 'Riverside Public Library',
  policyText: { en: 'Ask at the front desk for help saving your files.', es: 'Pida ayuda en el mostrador para guardar sus archivos.' },
  policyUrl: 'https://library.example/privacy',
  idleMinutes: 10,
};

before(async () => {
  server = await startPageServer();
});
after(async () => {
  await browser?.close();
  await server.close();
});

test('the notice says what is erased and when, in English and in Spanish', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ notice: NOTICE, locale: 'en-US' });
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
  const errors = pageErrors(page);
  await installTabula(page, h.service);
  await page.goto(server.url('notice.html'));
  await page.getByRole('heading', { level: 1, name: 'Welcome to Riverside Public Library' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
  const en = await page.locator('main').innerText();
  assert.match(en, /After 10 minutes without use/);
  assert.match(en, /Nothing about what you did is kept or sent anywhere/);
  assert.match(en, /Ask at the front desk/);
  assert.match(en, /https:\/\/library\.example\/privacy/);
  assert.equal(await page.evaluate('document.activeElement.id'), 'ok');
  await screenshot(page, 'notice-en');

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bienvenido a Riverside Public Library' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'es');
  const es = await page.locator('main').innerText();
  assert.match(es, /Después de 10 minutos sin uso/);
  assert.match(es, /No se guarda ni se envía nada sobre lo que usted hizo/);
  assert.match(es, /Pida ayuda en el mostrador/);
  assert.equal(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await page.getByRole('button', { name: 'Entiendo' }).isVisible());
  await screenshot(page, 'notice-es');
  assert.deepEqual(errors, []);
});

test('a Spanish session locale opens the notice in Spanish', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ notice: NOTICE, locale: 'es-MX' });
  t.after(() => h.stop());
  const page = await browser.newPage();
  await installTabula(page, h.service);
  await page.goto(server.url('notice.html'));
  await page.getByRole('heading', { level: 1, name: 'Bienvenido a Riverside Public Library' }).waitFor();
});

test('the idle countdown is announced, counts down, and a key press cancels it', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ notice: NOTICE, idle: { timeoutSec: 1, warningSec: 30 } });
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 560, height: 520 } });
  const errors = pageErrors(page);
  const bridge = await installTabula(page, h.service);
  await page.goto(server.url('countdown.html'));
  await page.getByRole('heading', { name: 'Your session is about to end' }).waitFor();
  // The app's session hints: the session starts (journal dirty), then 5 s without input: the
  // agent's idle watch starts the countdown and pushes it over the real patron socket.
  assert.equal(await h.service.sessionStarted(), true);
  assert.equal(await h.service.idleTick(5_000), true);
  await page.locator('body[data-state="counting"]').waitFor();
  const announce = page.locator('#announce');
  assert.equal(await announce.getAttribute('aria-live'), 'assertive');
  assert.match(await announce.innerText(), /Your session is about to end\. Session ends in (30|29) seconds\. Press any key/);
  assert.match(await page.locator('main').innerText(), /everything you did here is erased: browsing history, logins, downloads/);
  assert.match(await page.locator('#others').innerText(), /se borrará todo lo que hizo aquí/);
  const first = Number(await page.locator('#seconds').innerText());
  // (waitForFunction would need 'unsafe-eval', which the page's CSP rightly refuses.)
  let now = first;
  for (let i = 0; i < 30 && now >= first; i++) {
    await page.waitForTimeout(100);
    now = Number(await page.locator('#seconds').innerText());
  }
  assert.ok(now < first, `the countdown runs (${first} → ${now})`);
  await screenshot(page, 'countdown');
  assert.equal(h.handle.idle.state(ACCOUNT), 'counting');

  await page.keyboard.press('Shift');
  await page.locator('body[data-state="cancelled"]').waitFor();
  assert.equal(await page.locator('#state').innerText(), 'Countdown cancelled. Your session continues.');
  assert.equal(h.handle.idle.state(ACCOUNT), 'watching', 'the agent cancelled its countdown');
  assert.ok(bridge.calls.includes('activity'));
  assert.deepEqual(
    bridge.sent.filter((e) => e.name === 'countdown').map((e) => (e.payload as { state: string }).state),
    ['counting', 'cancelled'],
  );
  await screenshot(page, 'countdown-cancelled');

  // Mouse movement cancels the next countdown too.
  assert.equal(await h.service.idleTick(5_000), true);
  await page.locator('body[data-state="counting"]').waitFor();
  await page.waitForTimeout(1_100);
  await page.mouse.move(100, 100);
  await page.mouse.move(200, 150);
  await page.locator('body[data-state="cancelled"]').waitFor();
  assert.deepEqual(h.loggedOut, [], 'a cancelled countdown logs nobody out');
  assert.deepEqual(errors, []);
});
