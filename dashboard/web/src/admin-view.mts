/**
 * Site administration on the drill-down page: create an enrollment token (shown once, never
 * again), list and revoke the tokens that can still enroll PCs, and revoke a PC. The server enforces who may do this (admins: any site; branch staff:
 * their own sites) and CSRF; these controls only ask.
 */
import { api, ApiError } from './api.mjs';
import { h, table } from './dom.mjs';
import { when } from './format.mjs';

const EXPIRY = [
  [24, '1 day'],
  [168, '7 days'],
  [720, '30 days'],
] as const;

function failure(e: unknown): string {
  const status = e instanceof ApiError ? e.status : 0;
  if (status === 403) return 'Your account cannot do this for this site.';
  if (status === 401) return 'Your session has ended. Reload the page and sign in again.';
  return 'That did not work. Check the connection and try again.';
}

/** The site's tokens that can still enroll PCs, each with a Revoke button; reloads itself. */
function activeTokens(siteId: string): { element: HTMLElement; reload: () => void } {
  const element = h('div', { id: 'active-tokens' });
  const reload = (): void => {
    api.tokens(siteId).then(
      ({ tokens }) => {
        if (tokens.length === 0) {
          element.replaceChildren(h('p', { class: 'meta' }, 'No token can enroll a PC now.'));
          return;
        }
        element.replaceChildren(
          table(
            'Tokens that can still enroll PCs',
            ['Token id', 'PCs left', 'Valid until', ''],
            tokens.map((t) => {
              const button = h('button', { type: 'button', class: 'button-danger', 'aria-label': `Revoke token ${t.id}` }, 'Revoke');
              button.addEventListener('click', () => {
                if (!window.confirm(`Revoke token ${t.id}? It will enroll no more PCs; PCs it enrolled keep working.`)) return;
                button.disabled = true;
                api.revokeToken(siteId, t.id).then(reload, (e: unknown) => {
                  button.disabled = false;
                  element.prepend(h('p', { class: 'error', role: 'alert' }, failure(e)));
                });
              });
              return [h('code', {}, t.id), t.usesLeft, when(Date.parse(t.expiresAt)), button];
            }),
            { rowHeader: true },
          ),
        );
      },
      (e: unknown) => element.replaceChildren(h('p', { class: 'error' }, failure(e))),
    );
  };
  reload();
  return { element, reload };
}

export function tokenForm(siteId: string): HTMLElement {
  const active = activeTokens(siteId);
  const uses = h('input', { id: 'token-uses', type: 'number', min: 1, max: 1000, value: 1, required: true, inputmode: 'numeric' });
  const expiry = h(
    'select',
    { id: 'token-expiry' },
    ...EXPIRY.map(([hours, label]) => h('option', { value: hours, selected: hours === 168 }, label)),
  );
  const result = h('div', { id: 'token-result', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Create enrollment token');
  const form = h(
    'form',
    { class: 'token-form', 'aria-labelledby': 'token-title', novalidate: true },
    h('p', { class: 'field' }, h('label', { for: 'token-uses' }, 'PCs it may enroll'), uses),
    h('p', { class: 'field' }, h('label', { for: 'token-expiry' }, 'Valid for'), expiry),
    h('p', { class: 'field' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const count = Number(uses.value);
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      uses.setAttribute('aria-invalid', 'true');
      result.replaceChildren(h('p', { class: 'error' }, 'Enter a whole number from 1 to 1000.'));
      return;
    }
    uses.removeAttribute('aria-invalid');
    submit.disabled = true;
    api
      .createToken(siteId, count, Number(expiry.value))
      .then(
        (t) => {
          const field = h('input', {
            id: 'token-value',
            type: 'text',
            readonly: true,
            value: t.token,
            spellcheck: 'false',
            autocomplete: 'off',
          });
          result.replaceChildren(
            h(
              'p',
              {},
              h('strong', {}, 'Copy this token now: it is shown only once.'),
              ` It enrolls up to ${t.uses} PC${t.uses === 1 ? '' : 's'} at ${t.siteId} until ${when(Date.parse(t.expiresAt))}.`,
            ),
            h('p', { class: 'field' }, h('label', { for: 'token-value' }, 'Enrollment token'), field),
            h('p', { class: 'meta' }, `On the PC: tabula enroll --dashboard ${location.origin} --token <token>`),
          );
          field.focus();
          field.select();
          active.reload();
        },
        (e: unknown) => result.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure(e))),
      )
      .finally(() => {
        submit.disabled = false;
      });
  });
  return h(
    'section',
    { 'aria-labelledby': 'token-title' },
    h('h2', { id: 'token-title' }, 'Enroll PCs'),
    h('p', {}, `A token lets an agent join ${siteId}. The dashboard keeps only its hash.`),
    form,
    result,
    active.element,
  );
}

/** A per-row button; asks for confirmation, then calls `done` so the page reloads its data. */
export function revokeButton(deviceId: string, done: (message: string) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'button-danger', 'aria-label': `Revoke ${deviceId}` }, 'Revoke');
  button.addEventListener('click', () => {
    if (!window.confirm(`Revoke ${deviceId}? Its reports will be refused until it is enrolled again.`)) return;
    button.disabled = true;
    api.revoke(deviceId).then(
      () => done(`${deviceId} was revoked.`),
      (e: unknown) => {
        button.disabled = false;
        done(failure(e));
      },
    );
  });
  return button;
}
