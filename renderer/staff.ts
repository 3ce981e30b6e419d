/** Staff window: PIN unlock with lockout message, Wipe now / End session / Test wipe, live progress, results. */
import type { AppFailure, AppStatus, Language, ProgressEvent, WipeReport } from '../protocol/app-api.js';
import type { WipeSummary } from '../protocol/wipe-summary.js';
import { byId, setText, tabula } from './api.js';
import { errorText, formatBytes, OUTCOME_LABELS } from './format.js';
import { STAFF_STRINGS } from './i18n.js';
import { percentOf, progressText } from './progress.js';
import { renderCategories, renderHistory } from './staff-history.js';

const api = tabula();
const el = {
  status: byId('agent-status'), pinPanel: byId('pin-panel'), pinForm: byId<HTMLFormElement>('pin-form'),
  pin: byId<HTMLInputElement>('pin'), unlock: byId<HTMLButtonElement>('unlock'), pinMessage: byId('pin-message'),
  actions: byId('actions'), wipeNow: byId<HTMLButtonElement>('wipe-now'), endSession: byId<HTMLButtonElement>('end-session'),
  preview: byId<HTMLButtonElement>('preview'), lock: byId<HTMLButtonElement>('lock'),
  progressBlock: byId('progress-block'), progress: byId<HTMLProgressElement>('progress'), progressText: byId('progress-text'),
  result: byId('result'), resultTitle: byId('result-title'), resultSummary: byId('result-summary'),
  resultTable: byId('result-categories'), resultCaption: byId('result-caption'), resultBody: byId('result-body'),
  historyBody: byId('history-body'),
};
let busy = false;
let lockTimer: number | undefined;
let highWater = 0;
let lang: Language = 'en';
const t = () => STAFF_STRINGS[lang];

function showStatus(s: AppStatus): void {
  if (s.agent === 'unavailable') {
    setText(el.status, 'Agent service: NOT RUNNING — wipes cannot happen. Call IT.');
    el.status.className = 'status bad';
    return;
  }
  const last = s.last ? `Last wipe: ${OUTCOME_LABELS[s.last.outcome]}, ${s.last.items} items.` : 'No wipe yet.';
  setText(el.status, `Agent service: running${s.version ? ` (v${s.version})` : ''}. ${last}`);
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
    pinMessage(t().pinLocked(left));
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
  else pinMessage(res.code === 'E_FORBIDDEN' ? t().pinWrong : errorText(res.code));
  el.pin.focus();
}

function setBusy(on: boolean): void {
  busy = on;
  for (const b of [el.wipeNow, el.endSession, el.preview, el.lock]) b.disabled = on;
  el.actions.setAttribute('aria-busy', String(on));
}

function onProgress(p: ProgressEvent): void {
  el.progressBlock.hidden = false;
  const pct = Math.max(highWater, percentOf(p));
  highWater = pct;
  el.progress.value = pct;
  el.progress.setAttribute('aria-valuetext', `${pct} percent. ${progressText(p)}`);
  setText(el.progressText, progressText(p));
}

function showFailure(title: string, failure: AppFailure): void {
  el.result.hidden = false;
  el.resultTable.hidden = true;
  el.result.className = 'result bad';
  setText(el.resultTitle, title);
  setText(el.resultSummary, errorText(failure.code));
  el.result.focus();
}

function showReport(report: WipeReport): void {
  setText(el.progressText, 'Done.');
  el.result.hidden = false;
  el.result.className = `result outcome-${report.outcome}`;
  setText(el.resultTitle, `Wipe finished: ${OUTCOME_LABELS[report.outcome]}`);
  const problems = report.failures + report.remaining;
  setText(el.resultSummary, `${report.items} items (${formatBytes(report.bytes)}) erased in ${report.seconds.toFixed(1)} s.`
    + (problems > 0 ? ` ${problems} item(s) could not be erased: see the log.` : ' Nothing is left.'));
  setText(el.resultCaption, 'Erased, by category');
  el.resultTable.hidden = !report.categories || renderCategories(el.resultBody, report.categories) === 0;
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
  setText(el.resultTitle, 'Test wipe: nothing was deleted');
  setText(el.resultSummary, `A wipe now would erase ${items} items (${formatBytes(bytes)}).`);
  setText(el.resultCaption, 'Would be erased, by category');
  el.resultTable.hidden = renderCategories(el.resultBody, summary.categories) === 0;
  el.result.focus();
}

async function run(kind: 'wipe' | 'end' | 'preview'): Promise<void> {
  if (busy) return;
  setBusy(true);
  el.result.hidden = true;
  highWater = 0;
  el.progress.value = 0;
  el.progressBlock.hidden = kind === 'preview';
  setText(el.progressText, kind === 'preview' ? '' : 'Starting…');
  try {
    if (kind === 'wipe') {
      const res = await api.wipeNow();
      if (res.ok) showReport(res.report);
      else showFailure('Wipe not done', res);
    } else if (kind === 'end') {
      const res = await api.endSessionAndWipe();
      if (res.ok) setText(el.progressText, 'Logging the patron out; the wipe follows.');
      else showFailure('Session not ended', res);
    } else {
      const res = await api.preview();
      if (res.ok) showPreview(res.summary);
      else showFailure('Test wipe not available', res);
    }
  } finally {
    setBusy(false);
    await refreshHistory();
  }
}

async function refreshHistory(): Promise<void> {
  const res = await api.lastResults();
  if (res.ok) renderHistory(el.historyBody, res.rows);
  showStatus(await api.status());
}

el.pinForm.addEventListener('submit', (e) => void onUnlock(e));
el.wipeNow.addEventListener('click', () => void run('wipe'));
el.endSession.addEventListener('click', () => {
  if (window.confirm('Log the patron out now and erase the session?')) void run('end');
});
el.preview.addEventListener('click', () => void run('preview'));
el.lock.addEventListener('click', () => void api.lock().then(() => setUnlocked(false)));
api.onProgress(onProgress);
api.onWipeDone(() => void refreshHistory());
void api.notice().then((n) => {
  if (Object.hasOwn(STAFF_STRINGS, n.language)) lang = n.language;
}).catch(() => undefined);
void api.status().then((s) => {
  showStatus(s);
  setUnlocked(s.staff.unlocked);
});
