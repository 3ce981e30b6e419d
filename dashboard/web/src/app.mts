/**
 * The dashboard's single page: hash routes `#/` (fleet overview) and `#/site/ID` (drill-down).
 * Each navigation renders into <main>, names the page in document.title and moves the focus to
 * the new heading so keyboard and screen-reader users land on the new content.
 */
import { api, ApiError, setCsrf, type Me } from './api.mjs';
import { h } from './dom.mjs';
import { loginView } from './login-view.mjs';
import { overviewView } from './overview-view.mjs';
import { siteView } from './site-view.mjs';
import { message } from './views.mjs';

const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
let me: Me | null = null;
let days = 30;
let renders = 0;

function announce(text: string): void {
  status.textContent = '';
  window.setTimeout(() => {
    status.textContent = text;
  }, 50);
}

function show(view: HTMLElement, title: string, focus: boolean): void {
  main.replaceChildren(view);
  document.title = `${title} – Tabula dashboard`;
  main.setAttribute('aria-busy', 'false');
  if (focus) (document.getElementById('view-title') ?? main).focus();
}

function renderAccount(): void {
  if (!me) {
    account.replaceChildren();
    account.hidden = true;
    return;
  }
  const scope = me.user.role === 'admin' ? 'consortium admin' : `staff: ${me.user.sites.join(', ')}`;
  account.replaceChildren(
    h('span', { class: 'who' }, 'Signed in as ', h('strong', {}, me.user.name), ` (${scope})`),
    h('button', { type: 'button', id: 'logout', onclick: () => void logout() }, 'Log out'),
  );
  account.hidden = false;
}

function signedIn(who: Me): void {
  me = who;
  setCsrf(who.csrfToken);
  renderAccount();
  announce(`Signed in as ${who.user.name}.`);
  void route(true);
}

function signIn(notice?: string): void {
  me = null;
  setCsrf('');
  renderAccount();
  show(loginView(signedIn, notice), 'Sign in', false);
}

async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // The session may already be gone; sign-in is shown either way.
  }
  signIn('You have signed out.');
}

async function route(focus: boolean): Promise<void> {
  const hash = location.hash;
  if (hash !== '' && !hash.startsWith('#/')) return; // an in-page anchor, not a route
  if (!me) return signIn();
  const render = ++renders;
  main.setAttribute('aria-busy', 'true');
  const site = /^#\/site\/([A-Za-z0-9._-]+)$/.exec(hash)?.[1];
  const period = (d: number) => {
    days = d;
    void route(false).then(() => document.getElementById('period')?.focus());
  };
  try {
    if (site) {
      const detail = await api.site(site, days);
      const changed = (text: string) => void route(false).then(() => announce(text));
      if (render === renders) show(siteView(detail, days, Date.now(), period, changed, me?.user.role === 'admin'), `Site ${site}`, focus);
    } else {
      const overview = await api.overview(days);
      if (render === renders) show(overviewView(overview, days, period), 'Fleet overview', focus);
    }
  } catch (e) {
    if (render !== renders) return;
    const code = e instanceof ApiError ? e.status : 0;
    if (code === 401) return signIn('Your session has ended. Sign in again.');
    if (code === 403)
      return show(
        message('Not permitted', 'Your account cannot see this site.', ['#/', 'Back to the fleet overview']),
        'Not permitted',
        true,
      );
    if (code === 404)
      return show(message('Not found', 'There is no site with this name.', ['#/', 'Back to the fleet overview']), 'Not found', true);
    show(message('The dashboard could not be reached', 'Check the connection and reload the page.'), 'Error', true);
  }
}

document.getElementById('skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  (document.getElementById('view-title') ?? main).focus();
});
window.addEventListener('hashchange', () => void route(true));

api.session().then(
  (who) => {
    me = who;
    setCsrf(who.csrfToken);
    renderAccount();
    void route(false);
  },
  () => signIn(),
);
