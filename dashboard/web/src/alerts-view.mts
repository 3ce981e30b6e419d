/**
 * Alert channels of a site, for administrators: the list (secrets masked by the server), a Test
 * and a Remove button per channel, and forms to add a webhook (its signing key is shown once) or
 * an e-mail relay (SMTP with STARTTLS). Alerts name the site, the PC, the category and the code.
 */
import { api, ApiError, type AlertChannel, type NewChannel } from './api.mjs';
import { h, table } from './dom.mjs';

function why(e: unknown): string {
  if (e instanceof ApiError && e.status === 400) return 'The server refused these settings; check each field.';
  if (e instanceof ApiError && e.status === 403) return 'Only consortium administrators configure alerts.';
  return 'That did not work. Check the connection and try again.';
}

function field(id: string, label: string, attrs: Record<string, string | number | boolean> = {}): [HTMLElement, HTMLInputElement] {
  const input = h('input', { id, ...attrs });
  return [h('p', { class: 'field' }, h('label', { for: id }, label), input), input];
}

export function alertsSection(siteId: string): HTMLElement {
  const list = h('div', { id: 'alert-channels' });
  const status = h('div', { id: 'alert-status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string, error = false) => status.replaceChildren(h('p', { class: error ? 'error' : 'notice' }, text));
  const reload = (): void => {
    api.channels(siteId).then(
      ({ channels }) => {
        if (channels.length === 0)
          return void list.replaceChildren(h('p', { class: 'meta' }, 'No alert channel yet: nobody is told when a wipe fails.'));
        list.replaceChildren(
          table(
            `Alert channels of ${siteId}`,
            ['Channel', 'Where', 'Secret', 'Actions'],
            channels.map((c: AlertChannel) => {
              const test = h('button', { type: 'button', 'aria-label': `Send a test alert through ${c.id}` }, 'Send test');
              const remove = h('button', { type: 'button', class: 'button-danger', 'aria-label': `Remove ${c.id}` }, 'Remove');
              test.addEventListener('click', () => {
                test.disabled = true;
                api
                  .testChannel(siteId, c.id)
                  .then(
                    (r) =>
                      say(
                        r.delivered ? `Test alert delivered through ${c.id}.` : `The test alert was not delivered (${r.code ?? 'error'}).`,
                        !r.delivered,
                      ),
                    (e: unknown) => say(why(e), true),
                  )
                  .finally(() => {
                    test.disabled = false;
                  });
              });
              remove.addEventListener('click', () => {
                if (!window.confirm(`Remove alert channel ${c.id}?`)) return;
                api.removeChannel(siteId, c.id).then(
                  () => {
                    say(`${c.id} was removed.`);
                    reload();
                  },
                  (e: unknown) => say(why(e), true),
                );
              });
              const where = c.kind === 'webhook' ? c.url : `${c.to.join(', ')} via ${c.host}:${c.port}`;
              const secret = c.kind === 'webhook' ? `signing key ${c.hmacKey ?? '—'}` : c.password ? `password ${c.password}` : 'no login';
              return [
                h('code', {}, c.id),
                `${c.kind === 'webhook' ? 'Webhook' : 'E-mail'}: ${where}`,
                secret,
                h('span', { class: 'actions' }, test, ' ', remove),
              ];
            }),
            { rowHeader: true },
          ),
        );
      },
      (e: unknown) => list.replaceChildren(h('p', { class: 'error' }, why(e))),
    );
  };
  reload();

  const add = (c: NewChannel, form: HTMLFormElement) => {
    api.addChannel(siteId, c).then(
      (r) => {
        form.reset();
        reload();
        if (r.hmacKey) {
          const key = h('input', {
            id: 'hmac-key',
            type: 'text',
            readonly: true,
            value: r.hmacKey,
            spellcheck: 'false',
            autocomplete: 'off',
          });
          status.replaceChildren(
            h(
              'p',
              {},
              h('strong', {}, 'Copy the signing key now: it is shown only once.'),
              ' Receivers check the x-tabula-signature header (HMAC-SHA256) with it.',
            ),
            h('p', { class: 'field' }, h('label', { for: 'hmac-key' }, 'Signing key'), key),
          );
          key.focus();
          key.select();
        } else say(`Alert channel ${r.channel.id} added.`);
      },
      (e: unknown) => say(why(e), true),
    );
  };

  const [urlField, url] = field('webhook-url', 'Webhook URL (Slack, Teams or your own receiver)', {
    type: 'url',
    required: true,
    placeholder: 'https://',
  });
  const webhook = h(
    'form',
    { class: 'token-form', 'aria-label': 'Add a webhook' },
    urlField,
    h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Add webhook')),
  );
  webhook.addEventListener('submit', (e) => {
    e.preventDefault();
    add({ kind: 'webhook', url: url.value.trim() }, webhook);
  });

  const [toField, to] = field('mail-to', 'Send to (comma-separated)', { type: 'text', required: true, autocomplete: 'off' });
  const [hostField, host] = field('mail-host', 'SMTP server', { type: 'text', required: true });
  const [portField, port] = field('mail-port', 'Port', { type: 'number', min: 1, max: 65535, value: 587, required: true });
  const [fromField, from] = field('mail-from', 'From', { type: 'email', required: true });
  const [userField, user] = field('mail-user', 'Login (optional)', { type: 'text', autocomplete: 'off' });
  const [passField, pass] = field('mail-pass', 'Password', { type: 'password', autocomplete: 'new-password' });
  const email = h(
    'form',
    { class: 'token-form', 'aria-label': 'Add an e-mail channel' },
    toField,
    hostField,
    portField,
    fromField,
    userField,
    passField,
    h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Add e-mail')),
  );
  email.addEventListener('submit', (e) => {
    e.preventDefault();
    const c: NewChannel = {
      kind: 'email',
      host: host.value.trim(),
      port: Number(port.value),
      from: from.value.trim(),
      to: to.value
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      ...(user.value ? { user: user.value.trim(), password: pass.value } : {}),
    };
    add(c, email);
  });

  return h(
    'section',
    { 'aria-labelledby': 'alerts-title' },
    h('h2', { id: 'alerts-title' }, 'Alerts'),
    h(
      'p',
      {},
      'A failed or partial wipe, wipes that keep failing and a silent PC are sent at once, one message per PC until it recovers. ',
      'Alerts carry the site, the PC name, the category and the error code — nothing about a patron. E-mail always uses STARTTLS.',
    ),
    list,
    status,
    webhook,
    email,
  );
}
