/**
 * Idle countdown, always on top: counts down locally from the agent's `counting` event (re-synced
 * by every new one), says in plain words what will be erased, announces itself to screen readers
 * at the start and at 30/20/10/5 seconds, and any key, click, mouse move or touch cancels it
 * (through `activity()`: the agent decides and answers with `cancelled`).
 */
import type { CountdownEvent, Language, NoticeText } from '../protocol/app-api.js';
import { byId, setText, tabula } from './api.js';
import { STRINGS } from './i18n.js';

const api = tabula();
const ANNOUNCE_AT = new Set([30, 20, 10, 5]);
let notice: NoticeText | undefined;
let endsAt = 0;
let timer: number | undefined;
let lastActivity = 0;
let counting = false;

function lang(): Language {
  return notice?.language ?? 'en';
}

function announce(text: string): void {
  setText(byId('announce'), text);
}

function show(seconds: number): void {
  const s = STRINGS[lang()];
  setText(byId('seconds'), String(seconds));
  setText(byId('seconds-unit'), s.seconds(seconds));
  setText(byId('lead'), s.countdownLead(seconds));
  for (const other of notice?.languages.filter((l) => l !== lang()) ?? []) {
    const p = document.getElementById(`lead-${other}`);
    if (p) p.textContent = STRINGS[other].countdownLead(seconds);
  }
  if (ANNOUNCE_AT.has(seconds)) announce(s.countdownAnnounce(seconds));
}

function tick(): void {
  const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
  show(left);
  if (left === 0) window.clearInterval(timer);
}

function onCountdown(event: CountdownEvent): void {
  const s = STRINGS[lang()];
  window.clearInterval(timer);
  if (event.state === 'counting') {
    const starting = !counting;
    counting = true;
    document.body.dataset.state = 'counting';
    setText(byId('state'), '');
    endsAt = Date.now() + event.secondsLeft * 1000;
    show(event.secondsLeft);
    if (starting) announce(`${s.countdownTitle}. ${s.countdownAnnounce(event.secondsLeft)}`);
    timer = window.setInterval(tick, 1000);
    return;
  }
  counting = false;
  document.body.dataset.state = event.state;
  setText(byId('state'), event.state === 'cancelled' ? s.cancelled : s.expired);
  announce(event.state === 'cancelled' ? s.cancelled : s.expired);
}

function renderStatic(): void {
  const s = STRINGS[lang()];
  document.documentElement.lang = lang();
  setText(byId('countdown-title'), s.countdownTitle);
  setText(byId('loss'), s.countdownLoss);
  setText(byId('keep'), s.countdownKeep);
  const others = byId('others');
  others.replaceChildren(
    ...(notice?.languages.filter((l) => l !== lang()) ?? []).map((l) => {
      const section = document.createElement('section');
      section.lang = l;
      section.className = 'other-language';
      const lead = document.createElement('p');
      lead.id = `lead-${l}`;
      const loss = document.createElement('p');
      loss.textContent = `${STRINGS[l].countdownLoss} ${STRINGS[l].countdownKeep}`;
      section.append(lead, loss);
      return section;
    }),
  );
}

/** Any input means a person is here: tell the agent (at most once a second). */
function onInput(): void {
  const now = Date.now();
  if (now - lastActivity < 1000) return;
  lastActivity = now;
  void api.activity();
}

for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const) {
  window.addEventListener(type, onInput, { passive: true });
}
api.onCountdown(onCountdown);
void api.notice().then((n) => {
  notice = n;
  renderStatic();
});
renderStatic();
