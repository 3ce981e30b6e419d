/** The sign-in form: labelled fields, an announced error, focus kept where the user needs it. */
import { api, ApiError, type Me } from './api.mjs';
import { h } from './dom.mjs';
import { heading } from './views.mjs';

const MESSAGES: Record<string, string> = {
  E_UNAUTHENTICATED: 'Wrong user name or password.',
  E_BAD_REQUEST: 'Wrong user name or password.',
  E_RATE_LIMITED: 'Too many failed attempts. Wait 15 minutes, then try again.',
  E_FORBIDDEN: 'Sign in from the dashboard’s own address.',
  E_CSRF: 'Sign in from the dashboard’s own address.',
};

export function loginView(onSignedIn: (me: Me) => void, notice?: string): HTMLElement {
  const name = h('input', {
    id: 'name',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'off',
    spellcheck: 'false',
    maxlength: 64,
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 256,
  });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'view-title' },
    h('div', { class: 'field' }, h('label', { for: 'name' }, 'User name'), name),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    error,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    api
      .login(name.value.trim(), password.value)
      .then(onSignedIn, (e: unknown) => {
        const code = e instanceof ApiError ? e.code : 'E_INTERNAL';
        error.textContent = MESSAGES[code] ?? 'The dashboard could not be reached. Try again.';
        name.setAttribute('aria-invalid', 'true');
        password.setAttribute('aria-invalid', 'true');
        password.value = '';
        password.focus();
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  queueMicrotask(() => name.focus());
  return h(
    'section',
    { class: 'login' },
    heading('Sign in to the Tabula dashboard'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    h('p', { class: 'hint' }, 'For library staff. The dashboard shows anonymous wipe counts only — never anything about a patron.'),
    form,
  );
}
