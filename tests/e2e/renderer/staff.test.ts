/**
 * The staff window in Debian chromium, with window.tabula bridged to the app's real AppService,
 * the real AgentClient, the real agent service on a real socket and the real wipe of a temp home.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkSurvivors } from '../../support/patron-home.js';
import { PLANTED, STAFF_PIN, startHarness } from '../support/agent-harness.js';
import { STAFF_STRINGS } from '../../../renderer/i18n-staff.js';
import { installTabula } from '../support/bridge.js';
import { launch, pageErrors, screenshot } from '../support/browser.js';
import { startPageServer, type PageServer } from '../support/page-server.js';

let server: PageServer;
let browser: Browser | undefined;

before(async () => {
  server = await startPageServer();
});
after(async () => {
  await browser?.close();
  await server.close();
});

/** Four wrong PINs through the page, each answered "wrong"; the fifth locks the agent's unlock. */
async function fiveWrongPins(page: Page, wrong: string): Promise<void> {
  const pin = page.locator('#pin');
  for (let i = 1; i <= 4; i++) {
    await pin.fill(`000${i}`);
    await pin.press('Enter');
    await page.locator('#pin-message').filter({ hasText: wrong }).waitFor();
    await page.evaluate("document.getElementById('pin-message').textContent = ''");
  }
  await pin.fill('00005');
  await page.locator('#unlock').click();
}

test("PIN entry: a wrong PIN is refused, five lock the agent's unlock, the retry time counts down", async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness();
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors = pageErrors(page);
  await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  await page.getByText('Agent service: running').waitFor();
  assert.match(
    await page.locator('#agent-status').innerText(),
    / Dashboard: this computer is not enrolled\.$/,
    'the dashboard link is shown',
  );
  const pin = page.getByLabel('Staff PIN');
  assert.equal(await page.evaluate('document.activeElement.id'), 'pin', 'the PIN field has the focus');
  await fiveWrongPins(page, 'Wrong PIN. Try again.');
  const message = page.locator('#pin-message');
  await message.filter({ hasText: /Locked — try again in \d+ s/ }).waitFor();
  const first = Number(/Too many wrong PINs\. Locked — try again in (\d+) s\./.exec(await message.innerText())?.[1]);
  // 30 s less the time the page took (a busy machine may take a few); the next lock would be 60 s.
  assert.ok(first >= 25 && first <= 30, `the agent's first lock is 30 s (shown: ${first})`);
  assert.equal(await pin.isDisabled(), true, 'the PIN field is disabled while locked');
  assert.equal(await page.getByRole('button', { name: 'Unlock' }).isDisabled(), true);
  assert.equal(await page.locator('#actions').isHidden(), true, 'nothing is unlocked');
  // It counts down.
  const lower = Array.from({ length: 4 }, (_, i) => first - 1 - i).join('|');
  await message.filter({ hasText: new RegExp(`try again in (${lower}) s`) }).waitFor({ timeout: 5_000 });
  // The agent itself refuses the good PIN while locked, with the seconds to wait (asked directly).
  const agent = await h.client.request({ type: 'staffUnlock', pin: STAFF_PIN });
  assert.ok(!agent.ok && agent.code === 'E_LOCKED', JSON.stringify(agent));
  assert.ok(!agent.ok && agent.retryAfterSec !== undefined && agent.retryAfterSec > 0 && agent.retryAfterSec <= 30, JSON.stringify(agent));
  // And so does the app, at once, without asking the agent again.
  const locked = await h.service.unlock(STAFF_PIN);
  assert.ok(
    !locked.ok && locked.code === 'E_LOCKED' && locked.retryAfterMs! > 25_000 && locked.retryAfterMs! <= 30_000,
    JSON.stringify(locked),
  );
  assert.equal(h.service.gate.token(), undefined);
  await screenshot(page, 'staff-pin-lockout');
  assert.deepEqual(errors, []);
});

test('no staff PIN set yet: the window says so and whom to call, and no attempt locks it', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ noStaffPin: true });
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  await page.getByText('Agent service: running').waitFor();
  const message = page.locator('#pin-message');
  for (let i = 0; i < 6; i++) {
    await page.evaluate("document.getElementById('pin-message').textContent = ''");
    await page.locator('#pin').fill(STAFF_PIN);
    await page.locator('#pin').press('Enter');
    await message.filter({ hasText: 'No staff PIN is set on this computer yet.' }).waitFor();
  }
  assert.equal(await message.innerText(), 'No staff PIN is set on this computer yet. Call IT: they set one with "tabula staff set-pin".');
  assert.equal(await page.locator('#pin').isDisabled(), false, 'never locked');
  assert.equal(await page.locator('#actions').isHidden(), true, 'nothing unlocked');
});

test('PIN lockout message in Spanish', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ locale: 'es-MX' });
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors = pageErrors(page);
  await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  await page.getByText('Servicio del agente: en marcha').waitFor();
  await fiveWrongPins(page, 'PIN incorrecto. Inténtelo de nuevo.');
  const message = page.locator('#pin-message');
  await message.filter({ hasText: /Bloqueado — vuelva a intentarlo en \d+ s/ }).waitFor();
  assert.match(await message.innerText(), /^Demasiados PIN incorrectos\. Bloqueado — vuelva a intentarlo en (2[5-9]|30) s\.$/);
  assert.equal(await message.getAttribute('lang'), 'es');
  assert.equal(await page.locator('#pin').isDisabled(), true);
  assert.deepEqual(errors, []);
});

test('Wipe now: progress bar advances, the result shows, the temp home is really wiped', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness();
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const errors = pageErrors(page);
  const bridge = await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  const pin = page.getByLabel('Staff PIN');
  await pin.fill('1111');
  await pin.press('Enter');
  await page.getByText('Wrong PIN. Try again.').waitFor();
  await pin.fill(STAFF_PIN);
  await pin.press('Enter');
  await page.getByRole('button', { name: 'Wipe now' }).waitFor();
  assert.equal(await page.evaluate('document.activeElement.id'), 'wipe-now', 'focus moves to Wipe now');

  // Test wipe first: counts only, nothing deleted.
  await page.getByRole('button', { name: 'Test wipe (preview)' }).click();
  await page.getByRole('heading', { name: 'Test wipe: nothing was deleted' }).waitFor();
  const previewText = await page.locator('#result-summary').innerText();
  const m = /would erase (\d+) items/.exec(previewText);
  assert.ok(m && Number(m[1]) >= Object.keys(PLANTED).length, previewText);
  assert.ok(await page.getByRole('rowheader', { name: 'Browser cache' }).isVisible());
  for (const rel of Object.keys(PLANTED)) assert.ok(existsSync(path.join(h.patron.home, rel)), 'the preview deleted nothing');
  await screenshot(page, 'staff-test-wipe');

  // Record every value the progress bar takes.
  await page.evaluate(`(() => {
    const bar = document.getElementById('progress');
    const seen = (window.__seen = []);
    new MutationObserver(() => seen.push(bar.value)).observe(bar, { attributes: true, attributeFilter: ['value'] });
  })()`);
  await page.getByRole('button', { name: 'Wipe now' }).click();
  await page.getByRole('heading', { name: 'Wipe finished: Clean' }).waitFor({ timeout: 30_000 });
  await bridge.flushed();
  assert.equal(await page.locator('#progress-text').innerText(), 'Done.', 'late progress events of the finished wipe do not overwrite it');
  const seen = (await page.evaluate('window.__seen')) as number[];
  const phases = bridge.sent.filter((e) => e.name === 'progress').map((e) => (e.payload as { phase: string }).phase);
  assert.ok(phases.includes('planning') && phases.includes('moving') && phases.includes('verifying'), phases.join(','));
  const distinct = [...new Set(seen.filter((v) => v > 0))];
  assert.ok(distinct.length >= 3, `the bar advanced through ${distinct.join(' → ')}`);
  assert.deepEqual(
    distinct,
    [...distinct].sort((a, b) => a - b),
    'the bar never goes back',
  );
  assert.equal(await page.evaluate("document.getElementById('progress').value"), 100);
  const summary = await page.locator('#result-summary').innerText();
  assert.match(summary, /^\d+ items \(.+\) erased in \d+\.\d s\. Nothing is left\.$/);
  assert.ok(Number(/^(\d+)/.exec(summary)![1]) >= Object.keys(PLANTED).length);
  assert.equal(await page.locator('#result-caption').innerText(), 'Erased, by category');
  assert.ok(await page.getByRole('rowheader', { name: 'Browser cache' }).isVisible(), 'the result has its category table');

  // Really wiped: nothing planted is left, the skeleton and everything outside survive.
  for (const rel of Object.keys(PLANTED)) assert.equal(existsSync(path.join(h.patron.home, rel)), false, `${rel} is gone`);
  assert.deepEqual(
    readdirSync(path.join(h.patron.home, 'Downloads')).filter((n) => !n.startsWith('link-')),
    [],
  );
  assert.deepEqual(checkSurvivors(h.patron), []);

  // The last-wipes table: time, trigger, outcome, counts.
  const row = page.locator('#history-body tr').first();
  await row.getByText('Staff').waitFor();
  assert.match(await row.innerText(), /Staff\s+Clean\s+\d+/);
  const history = await page.locator('#history').innerText();
  for (const secret of [h.patron.home, 'bus-schedule', 'resume-draft', 'cover-letter', 'chromium']) {
    assert.ok(!history.includes(secret) && !summary.includes(secret), 'nothing about the patron');
  }
  await screenshot(page, 'staff-wipe-result');
  assert.deepEqual(errors, []);
});

test('the bar is full and says Done. when the result arrives before the last progress events', async (t) => {
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness();
  t.after(() => h.stop());
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const bridge = await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  await page.getByLabel('Staff PIN').fill(STAFF_PIN);
  await page.getByLabel('Staff PIN').press('Enter');
  await page.getByRole('button', { name: 'Wipe now' }).waitFor();
  // No event reaches the page during the wipe: the reply comes first, as it can on a busy machine.
  bridge.dispose();
  await page.getByRole('button', { name: 'Wipe now' }).click();
  await page.getByRole('heading', { name: 'Wipe finished: Clean' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate("document.getElementById('progress').value"), 100);
  assert.equal(await page.locator('#progress-text').innerText(), 'Done.');
  assert.equal(await page.locator('#progress').getAttribute('aria-valuetext'), '100 percent. Done.');
  // A late event of that wipe changes nothing.
  await page.evaluate(`globalThis.__tabulaEmit('progress', { trigger: 'manual', phase: 'moving', done: 1, total: 4, queued: 0 })`);
  assert.equal(await page.evaluate("document.getElementById('progress').value"), 100);
  assert.equal(await page.locator('#progress-text').innerText(), 'Done.');
});

const SENTINEL = '\u0001';

/** Every word of a language table: plain strings, nested records, and the fixed words of each template. */
function tableWords(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const w of value.match(/\p{L}+/gu) ?? []) into.add(w);
  else if (typeof value === 'function') {
    tableWords(String((value as (...a: string[]) => unknown)(...Array<string>(value.length).fill(SENTINEL))), into);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) tableWords(v, into);
  return into;
}

/** Words of the English table that the Spanish table never uses ("Cookies", "PIN" and "Tabula" are in both). */
const ENGLISH_ONLY = (() => {
  const es = tableWords(STAFF_STRINGS.es);
  return new Set([...tableWords(STAFF_STRINGS.en)].filter((w) => w.length > 1 && !es.has(w)));
})();

function englishIn(text: string): string[] {
  return [...new Set((text.match(/\p{L}+/gu) ?? []).filter((w) => ENGLISH_ONLY.has(w)))];
}

/** All text of the page, hidden parts and the title included, plus the attributes read out by screen readers. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const attrs = ['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt'];
    const parts = [document.documentElement.textContent, document.body.innerText];
    for (const el of document.querySelectorAll('*')) for (const a of attrs) if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
    return parts.join('\\n');
  })()`);
}

async function assertNoEnglish(page: Page, when: string): Promise<void> {
  assert.deepEqual(englishIn(await pageText(page)), [], `English left on the Spanish staff page ${when}`);
}

test('the whole staff window in Spanish: PIN, preview, Wipe now, history; no English word from the table is left', async (t) => {
  // The check itself can fail: the English wording is full of words the Spanish table never uses.
  assert.ok(ENGLISH_ONLY.size > 100, `English-only words: ${ENGLISH_ONLY.size}`);
  const en = STAFF_STRINGS.en;
  for (const s of [en.page.wipeNow, en.page.endSession, en.previewTitle, en.phases.moving, en.triggers.manual, en.outcomes.clean]) {
    assert.notDeepEqual(englishIn(s), [], `"${s}" is caught`);
  }
  browser ??= await launch(t);
  if (!browser) return;
  const h = await startHarness({ locale: 'es-MX' });
  t.after(() => h.stop());
  const es = STAFF_STRINGS.es;
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  const errors = pageErrors(page);
  const bridge = await installTabula(page, h.service);
  await page.goto(server.url('staff.html'));
  await page.getByText('Servicio del agente: en marcha').waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'es');
  assert.equal(await page.title(), es.page.title);
  await page.getByRole('heading', { name: es.page.unlockTitle }).waitFor();
  await assertNoEnglish(page, 'before unlock');

  const pin = page.getByLabel(es.page.pinLabel);
  await pin.fill('123');
  await pin.press('Enter');
  await page.getByText(es.pinShort).waitFor();
  await pin.fill('1111');
  await pin.press('Enter');
  await page.getByText(es.pinWrong).waitFor();
  await assertNoEnglish(page, 'after a wrong PIN');
  await pin.fill(STAFF_PIN);
  await page.getByRole('button', { name: es.page.unlock }).click();
  await page.getByRole('button', { name: 'Borrar ahora' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Cerrar sesión y borrar' }).isVisible());
  await page.locator('#history-body').getByText(es.noWipes).waitFor();
  await assertNoEnglish(page, 'once unlocked');

  // End session asks first, in Spanish; dismissed, nothing happens.
  const asked: string[] = [];
  page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
  await page.getByRole('button', { name: es.page.endSession }).click();
  await page.waitForFunction(() => true);
  assert.deepEqual(asked, [es.confirmEnd]);
  assert.deepEqual(h.loggedOut, []);

  // A real preview through the agent: counts only, category names in Spanish.
  await page.getByRole('button', { name: es.page.preview }).click();
  await page.getByRole('heading', { name: es.previewTitle }).waitFor();
  const preview = await page.locator('#result-summary').innerText();
  const m = /^Un borrado ahora eliminaría (\d+) elementos \(\d+(,\d)? (KB|MB)\)\.$/.exec(preview);
  assert.ok(m && Number(m[1]) >= Object.keys(PLANTED).length, preview);
  assert.ok(await page.getByRole('rowheader', { name: es.categories.cache }).isVisible());
  for (const rel of Object.keys(PLANTED)) assert.ok(existsSync(path.join(h.patron.home, rel)), 'the preview deleted nothing');
  await assertNoEnglish(page, 'after the preview');

  // A real Wipe now; every progress text and spoken value it shows is recorded.
  await page.evaluate(`(() => {
    const seen = (window.__texts = []);
    const bar = document.getElementById('progress');
    const text = document.getElementById('progress-text');
    new MutationObserver(() => seen.push(bar.getAttribute('aria-valuetext') || '')).observe(bar, { attributes: true });
    new MutationObserver(() => seen.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
  })()`);
  await page.getByRole('button', { name: es.page.wipeNow }).click();
  await page.getByRole('heading', { name: es.wipeFinished(es.outcomes.clean) }).waitFor({ timeout: 30_000 });
  await bridge.flushed();
  const texts = (await page.evaluate('window.__texts')) as string[];
  assert.ok(
    texts.some((x) => x.startsWith(es.phases.moving)),
    texts.join(' | '),
  );
  assert.ok(
    texts.some((x) => x.includes(' por ciento. ')),
    texts.join(' | '),
  );
  assert.deepEqual(englishIn(texts.join('\n')), [], 'the progress texts are Spanish');
  const summary = await page.locator('#result-summary').innerText();
  assert.match(summary, /^\d+ elementos \(.+\) borrados en \d+,\d s\. No queda nada\.$/);
  for (const rel of Object.keys(PLANTED)) assert.equal(existsSync(path.join(h.patron.home, rel)), false, `${rel} is gone`);
  assert.deepEqual(checkSurvivors(h.patron), []);

  // The history row: a Spanish date (day first, 24-hour clock), trigger and outcome words.
  const row = page.locator('#history-body tr').first();
  await row.getByText(es.triggers.manual, { exact: true }).waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.match(cells[0]!, /^\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d{2}:\d{2}$/, `a Spanish short date: ${cells[0]}`);
  const rows = await h.service.lastResults();
  assert.ok(rows.ok && rows.rows[0]);
  const at = new Date(rows.rows[0].at);
  assert.ok(cells[0]!.startsWith(`${at.getDate()}/${at.getMonth() + 1}/`), `day first: ${cells[0]} for ${rows.rows[0].at}`);
  assert.deepEqual(cells.slice(1, 3), [es.triggers.manual, es.outcomes.clean]);
  assert.match(cells[5]!, /^\d+,\d$/, 'seconds with a decimal comma');
  await page.getByText(es.lastWipe(es.outcomes.clean, cells[3]!)).waitFor();
  await assertNoEnglish(page, 'after Wipe now');
  await screenshot(page, 'staff-es');
  assert.deepEqual(errors, []);
});
