/**
 * Staff window: PIN unlock with lockout message, Wipe now / End session / Test wipe, live progress,
 * results. Every text is in the library's first language (notice().language), from i18n-staff.ts.
 */
import type { AppFailure, AppStatus, Language, ProgressEvent, WipeNowResult } from '../protocol/app-api.js';
import type { WipeSummary } from '../protocol/wipe-summary.js';
import { byId, setText, tabula } from './api.js';
import { errorText, formatBytes, formatCount, formatSeconds, localeFor } from './format.js';
import { PAGE_KEYS, STAFF_STRINGS, type PageKey } from './i18n-staff.js';
import { percentOf, progressText } from './progress.js';
import { renderCategories, renderHistory } from './staff-history.js';

const api = tabula();
const el = {
  status: byId('agent-status'),
  pinPanel: byId('pin-panel'),
  pinForm: byId<HTMLFormElement>('pin-form'),
  pin: byId<HTMLInputElement>('pin'),
  unlock: byId<HTMLButtonElement>('unlock'),
  pinMessage: byId('pin-message'),
  actions: byId('actions'),
  wipeNow: byId<HTMLButtonElement>('wipe-now'),
  endSession: byId<HTMLButtonElement>('end-session'),
  preview: byId<HTMLButtonElement>('preview'),
  lock: byId<HTMLButtonElement>('lock'),
  progressBlock: byId('progress-block'),
  progress: byId<HTMLProgressElement>('progress'),
  progressText: byId('progress-text'),
  result: byId('result'),
  resultTitle: byId('result-title'),
  resultSummary: byId('result-summary'),
  resultTable: byId('result-categories'),
  resultCaption: byId('result-caption'),
  resultBody: byId('result-body'),
  historyBody: byId('history-body'),
};
let busy = false;
let lockTimer: number | undefined;
let highWater = 0;
/** The result of the wipe this window ran is shown: its late progress events no longer rewrite "Done.". */
let resultShown = false;
let lang: Language = 'en';
let locale = 'en';
const t = () => STAFF_STRINGS[lang];
const num = (n: number) => formatCount(n, locale);
const size = (bytes: number) => formatBytes(bytes, locale);

/** Sets the page's language: `lang` on <html>, and every fixed text marked `data-i18n`. */
function applyLanguage(next: Language): void {
  lang = next;
  locale = localeFor(next, navigator.languages);
  document.documentElement.lang = next;
  const page = t().page;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n as PageKey;
    if ((PAGE_KEYS as readonly string[]).includes(key)) node.textContent = page[key];
  }
}

function showStatus(s: AppStatus): void {
  if (s.agent === 'unavailable') {
    setText(el.status, t().agentDown);
    el.status.className = 'status bad';
    return;
  }
  const last = s.last ? t().lastWipe(t().outcomes[s.last.outcome] ?? s.last.outcome, num(s.last.items)) : t().noWipeYet;
  setText(el.status, `${t().agentRunning(s.version ?? '')} ${last} ${t().dashboard[s.dashboard]}`);
  el.status.className = s.last && s.last.outcome !== 'clean' ? 'status warn' : 'status ok';
}

function setUnlocked(unlocked: boolean): void {
  el.pinPanel.hidden = unlocked;
  el.actions.hidden = !unlocked;
  if (unlocked) {
    el.wipeNow.focus();
    void refreshHistory();
  } else {
    el.pin.value = '';
    el.pin.focus();
  }
}

function pinMessage(text: string): void {
  setText(el.pinMessage, text);
  el.pinMessage.lang = lang;
}

/** The agent refuses PINs for `ms`: the field is disabled and the message counts down to 0. */
function lockedOut(ms: number): void {
  el.pin.disabled = true;
  el.unlock.disabled = true;
  const until = Date.now() + ms;
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      window.clearInterval(lockTimer);
      el.pin.disabled = false;
      el.unlock.disabled = false;
      el.pinMessage.setAttribute('aria-live', 'assertive');
      pinMessage(t().pinAgain);
      el.pin.focus();
      return;
    }
    pinMessage(t().pinLocked(num(left)));
    // Announced once; the countdown itself is not read out every second.
    if (left * 1000 < ms - 500) el.pinMessage.setAttribute('aria-live', 'off');
  };
  window.clearInterval(lockTimer);
  el.pinMessage.setAttribute('aria-live', 'assertive');
  tick();
  lockTimer = window.setInterval(tick, 250);
}

async function onUnlock(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const pin = el.pin.value;
  el.pin.value = '';
  if (pin.length < 4) {
    pinMessage(t().pinShort);
    el.pin.focus();
    return;
  }
  const res = await api.unlock(pin);
  if (res.ok) {
    pinMessage('');
    setUnlocked(true);
    return;
  }
  if (res.code === 'E_LOCKED' && res.retryAfterMs) lockedOut(res.retryAfterMs);
  else pinMessage(res.code === 'E_FORBIDDEN' ? t().pinWrong : errorText(res.code, lang, res.help));
  el.pin.focus();
}

function setBusy(on: boolean): void {
  busy = on;
  for (const b of [el.wipeNow, el.endSession, el.preview, el.lock]) b.disabled = on;
  el.actions.setAttribute('aria-busy', String(on));
}

function onProgress(p: ProgressEvent): void {
  // A new wipe (an automatic one, say) starts with planning; anything else after the result is late.
  if (resultShown && p.phase !== 'planning') return;
  resultShown = false;
  el.progressBlock.hidden = false;
  const pct = Math.max(highWater, percentOf(p));
  highWater = pct;
  el.progress.value = pct;
  const text = progressText(p, lang, locale);
  el.progress.setAttribute('aria-valuetext', t().percent(num(pct), text));
  setText(el.progressText, text);
}

function showFailure(title: string, failure: AppFailure): void {
  el.result.hidden = false;
  el.resultTable.hidden = true;
  el.result.className = 'result bad';
  setText(el.resultTitle, title);
  setText(el.resultSummary, errorText(failure.code, lang, failure.help));
  el.result.focus();
}

function showWipeResult(done: WipeNowResult): void {
  resultShown = true;
  // The result can arrive before the wipe's last progress event, which is then dropped as late.
  highWater = 100;
  el.progress.value = 100;
  el.progress.setAttribute('aria-valuetext', t().percent(num(100), t().done));
  setText(el.progressText, t().done);
  el.result.hidden = false;
  el.result.className = `result outcome-${done.outcome}`;
  setText(el.resultTitle, t().wipeFinished(t().outcomes[done.outcome] ?? done.outcome));
  const problems = done.failures + done.remaining;
  setText(
    el.resultSummary,
    `${t().resultSummary(num(done.items), size(done.bytes), formatSeconds(done.seconds, locale))} ` +
      (problems > 0 ? t().problems(num(problems)) : t().nothingLeft) +
      (done.unchecked?.length ? ` ${t().notChecked(done.unchecked.map((a) => t().scopeAreas[a] ?? a).join(', '))}` : ''),
  );
  setText(el.resultCaption, t().erasedByCategory);
  el.resultTable.hidden = !done.categories || renderCategories(el.resultBody, done.categories, lang, locale) === 0;
  el.result.focus();
}

function showPreview(summary: WipeSummary): void {
  el.result.hidden = false;
  el.result.className = 'result preview';
  let items = 0;
  let bytes = 0;
  for (const c of Object.values(summary.categories)) {
    items += c?.items ?? 0;
    bytes += c?.bytes ?? 0;
  }
  setText(el.resultTitle, t().previewTitle);
  setText(el.resultSummary, t().previewSummary(num(items), size(bytes)));
  setText(el.resultCaption, t().wouldEraseByCategory);
  el.resultTable.hidden = renderCategories(el.resultBody, summary.categories, lang, locale) === 0;
  el.result.focus();
}

async function run(kind: 'wipe' | 'end' | 'preview'): Promise<void> {
  if (busy) return;
  setBusy(true);
  el.result.hidden = true;
  resultShown = false;
  highWater = 0;
  el.progress.value = 0;
  el.progressBlock.hidden = kind === 'preview';
  setText(el.progressText, kind === 'preview' ? '' : t().starting);
  try {
    if (kind === 'wipe') {
      const res = await api.wipeNow();
      if (res.ok) showWipeResult(res.result);
      else showFailure(t().wipeNotDone, res);
    } else if (kind === 'end') {
      const res = await api.endSessionAndWipe();
      if (res.ok) setText(el.progressText, t().loggingOut);
      else showFailure(t().sessionNotEnded, res);
    } else {
      const res = await api.preview();
      if (res.ok) showPreview(res.summary);
      else showFailure(t().previewNotAvailable, res);
    }
  } finally {
    setBusy(false);
    await refreshHistory();
  }
}

async function refreshHistory(): Promise<void> {
  const res = await api.lastResults();
  if (res.ok) renderHistory(el.historyBody, res.rows, lang, locale);
  showStatus(await api.status());
}

el.pinForm.addEventListener('submit', (e) => void onUnlock(e));
el.wipeNow.addEventListener('click', () => void run('wipe'));
el.endSession.addEventListener('click', () => {
  if (window.confirm(t().confirmEnd)) void run('end');
});
el.preview.addEventListener('click', () => void run('preview'));
el.lock.addEventListener('click', () => void api.lock().then(() => setUnlocked(false)));
api.onProgress(onProgress);
api.onWipeDone(() => void refreshHistory());
// The language first, so that nothing is ever shown in the wrong one.
void api
  .notice()
  .then(
    (n) => n.language,
    () => 'en' as const,
  )
  .then(async (language) => {
    applyLanguage(Object.hasOwn(STAFF_STRINGS, language) ? language : 'en');
    const s = await api.status();
    showStatus(s);
    setUnlocked(s.staff.unlocked);
  });
