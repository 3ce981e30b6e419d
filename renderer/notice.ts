/** Patron notice at session start: what is erased and when, and that nothing is kept; English and Spanish. */
import type { Language, NoticeText } from '../protocol/app-api.js';
import { byId, setText, tabula } from './api.js';
import { STRINGS } from './i18n.js';

const api = tabula();

function list(el: HTMLElement, items: string[]): void {
  el.replaceChildren(
    ...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

function render(notice: NoticeText, lang: Language): void {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  document.title = s.noticeTitle(notice.libraryName);
  setText(byId('notice-title'), s.noticeTitle(notice.libraryName));
  setText(byId('notice-intro'), s.noticeIntro);
  setText(byId('when-title'), s.whenTitle);
  list(byId('when'), s.when(notice.idleMinutes));
  setText(byId('what-title'), s.whatTitle);
  list(byId('what'), s.what);
  setText(byId('kept-title'), s.keptTitle);
  setText(byId('kept'), s.kept);
  const policy = notice.policyText[lang];
  const policyEl = byId('policy-text');
  policyEl.hidden = !policy;
  setText(policyEl, policy ?? '');
  const link = byId('policy-link');
  link.hidden = !notice.policyUrl;
  // Shown as text: the notice window opens no browser (and navigation is blocked anyway).
  setText(link, notice.policyUrl ? `${s.policyLink} ${notice.policyUrl}` : '');
  setText(byId('ok'), s.ok);
  const nav = byId('languages');
  nav.replaceChildren(
    ...notice.languages.map((l) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.lang = l;
      b.textContent = STRINGS[l].languageName;
      b.setAttribute('aria-pressed', String(l === lang));
      b.addEventListener('click', () => {
        render(notice, l);
        (nav.querySelector(`button[lang="${l}"]`) as HTMLButtonElement | null)?.focus();
      });
      return b;
    }),
  );
}

void api.notice().then((notice) => {
  render(notice, notice.language);
  byId('ok').addEventListener('click', () => window.close());
  byId<HTMLButtonElement>('ok').focus();
});
