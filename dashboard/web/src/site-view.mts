/** One site: its PCs (failing first), revoked PCs (collapsed), CSV export, per-day and per-category charts, failures, durations. */
import type { DeviceSummary, SiteDetail } from './api.mjs';
import { api, type ErrorHelp } from './api.mjs';
import { alertsSection } from './alerts-view.mjs';
import { revokeButton, tokenForm } from './admin-view.mjs';
import { barChart, dailyChart } from './charts.mjs';
import { h, table } from './dom.mjs';
import { ago, bucketLabel, bytes, count, iso, n, siteLabel, when } from './format.mjs';
import { badge, heading, periodPicker, totals } from './views.mjs';

const rank = (d: DeviceSummary) => (d.failing ? 0 : d.silent ? 1 : 2);

function status(d: DeviceSummary): HTMLElement {
  if (d.failing) return badge('failing', 'Failing');
  if (d.silent) return badge('silent', 'Silent');
  return badge('ok', 'OK');
}

function durations(title: string, buckets: Record<string, number>): HTMLElement | null {
  const entries = Object.entries(buckets)
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => (a === 'inf' ? 1 : b === 'inf' ? -1 : Number(a.slice(2)) - Number(b.slice(2))));
  if (entries.length === 0) return null;
  return table(
    title,
    ['Duration', 'Wipes'],
    entries.map(([k, v]) => [bucketLabel(k), n(v)]),
    { rowHeader: true },
  );
}

/** A PC as people know it: its name (staff rename, else the agent's pcLabel) over its id. */
function pcCell(x: { id: string; label: string | null; noBaseline?: boolean }): HTMLElement {
  return h(
    'span',
    { class: 'pc' },
    x.label ? h('strong', { class: 'pc-label' }, x.label) : null,
    h('code', {}, x.id),
    x.noBaseline
      ? h(
          'span',
          { class: 'no-baseline', title: 'Capture one with `tabula baseline capture` so a session end resets the account.' },
          'No baseline captured: wiped by the catalogue, not reset',
        )
      : null,
  );
}

/** The last failing wipe's code, its meaning and what to do (protocol/error-help.ts, sent by the server). */
function errorCell(x: DeviceSummary, help: Record<string, ErrorHelp>): HTMLElement | string {
  if (!x.lastCode) return '—';
  const e = help[x.lastCode];
  return h(
    'span',
    { class: 'error-help' },
    h('code', {}, x.lastCode),
    x.lastCategory ? ` (${x.lastCategory})` : '',
    e ? h('span', { class: 'help-text' }, `${e.meaning} ${e.action}`) : null,
  );
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/;

function renameButton(x: DeviceSummary, done: (message: string) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'button-small', 'aria-label': `Rename ${x.label ?? x.id}` }, 'Rename');
  button.addEventListener('click', () => {
    const answer = window.prompt(
      `New name for ${x.id} (letters, digits, - and _; empty: use the name the PC reports${x.pcLabel ? `, ${x.pcLabel}` : ''}):`,
      x.staffLabel ?? x.label ?? '',
    );
    if (answer === null) return;
    const label = answer.trim() === '' ? null : answer.trim();
    if (label !== null && !LABEL.test(label)) return void done('A PC name has 1 to 64 letters, digits, - or _, and no spaces.');
    api.rename(x.id, label).then(
      () => done(`${x.id} is now called ${label ?? x.pcLabel ?? x.id}.`),
      () => done('The PC could not be renamed.'),
    );
  });
  return button;
}

/** Filters the PC table's rows by name or id as the user types. */
function searchBox(tableEl: HTMLTableElement): HTMLElement {
  const input = h('input', { id: 'pc-search', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  const counter = h('span', { class: 'meta', id: 'pc-search-count', 'aria-live': 'polite' });
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    let shown = 0;
    for (const row of tableEl.tBodies[0]?.rows ?? []) {
      const match = q === '' || (row.cells[0]?.textContent ?? '').toLowerCase().includes(q);
      row.hidden = !match;
      if (match) shown++;
    }
    counter.textContent = q === '' ? '' : `${count(shown, 'PC')} shown`;
  });
  return h('p', { class: 'field search' }, h('label', { for: 'pc-search' }, 'Find a PC by name or id'), input, counter);
}

/** Revoked PCs, collapsed: they no longer count, but staff can see which and when. */
function revokedSection(d: SiteDetail, now: number): HTMLElement {
  const list =
    d.revoked.length === 0
      ? h('p', {}, `No PC of ${d.id} has been revoked.`)
      : table(
          `Revoked PCs at ${d.id} (${d.revoked.length}), most recent first`,
          ['PC', 'Revoked at', 'Last report'],
          d.revoked.map((x) => [
            pcCell(x),
            h('time', { datetime: iso(x.revokedAt) }, when(x.revokedAt)),
            h('time', { datetime: iso(x.lastSeenAt), title: when(x.lastSeenAt) }, ago(x.lastSeenAt, now)),
          ]),
          { rowHeader: true },
        );
  return h(
    'section',
    { 'aria-labelledby': 'revoked-title' },
    h('h2', { id: 'revoked-title' }, 'Revoked PCs'),
    h(
      'details',
      { class: 'revoked' },
      h('summary', {}, `Show ${count(d.revoked.length, 'revoked PC')}`),
      h('div', { class: 'table-wrap' }, list),
    ),
  );
}

/** `onChange(message)`: a PC was revoked (or could not be); the page reloads and announces it. */
export function siteView(
  d: SiteDetail,
  days: number,
  now: number,
  onPeriod: (days: number) => void,
  onChange: (message: string) => void,
  isAdmin = false,
): HTMLElement {
  const devices = [...d.devices].sort((a, b) => rank(a) - rank(b) || (a.label ?? a.id).localeCompare(b.label ?? b.id));
  const rows = devices.map((x) => [
    pcCell(x),
    status(x),
    x.lastOutcome ?? '—',
    errorCell(x, d.errorHelp),
    h('time', { datetime: iso(x.lastSeenAt), title: when(x.lastSeenAt) }, ago(x.lastSeenAt, now)),
    x.platform,
    x.agentVersion,
    n(x.wipes7d),
    n(x.failures7d),
    h('span', { class: 'actions' }, renameButton(x, onChange), ' ', revokeButton(x.id, onChange)),
  ]);
  const deviceTable = table(
    `PCs at ${siteLabel(d)} (${devices.length}), failing and silent first`,
    [
      'PC',
      'Status',
      'Last outcome',
      'Last error and what to do',
      'Last report',
      'Platform',
      'Agent',
      'Wipes, 7 days',
      'Failures, 7 days',
      'Actions',
    ],
    rows,
    { rowHeader: true, rowClass: (i) => (devices[i]?.failing ? 'row-failing' : devices[i]?.silent ? 'row-silent' : null) },
  );
  const failures =
    d.failures.length === 0
      ? h('p', {}, `No failures in the last ${days} days.`)
      : table(
          `Failures by category and error code, last ${days} days`,
          ['Category', 'Error code', 'Failures', 'Meaning', 'What to do'],
          d.failures.map((f) => [
            f.category,
            h('code', {}, f.code),
            n(f.failures),
            d.errorHelp[f.code]?.meaning ?? '',
            d.errorHelp[f.code]?.action ?? '',
          ]),
          { rowHeader: true },
        );
  const safe = durations('Time until the PC was safe for the next patron', d.safeMs);
  const done = durations('Time until everything was deleted', d.doneMs);

  return h(
    'div',
    { class: 'view' },
    h(
      'nav',
      { 'aria-label': 'Breadcrumb', class: 'crumbs' },
      h('ol', {}, h('li', {}, h('a', { href: '#/' }, 'Fleet overview')), h('li', { 'aria-current': 'page' }, siteLabel(d))),
    ),
    h(
      'div',
      { class: 'view-head' },
      heading(`Site ${siteLabel(d)}`),
      h(
        'p',
        { class: 'actions' },
        h('a', { class: 'button', href: api.csvUrl(d.id), download: `tabula-${d.id}-devices.csv` }, 'Export PCs as CSV'),
      ),
    ),
    totals([
      ['PCs', devices.length],
      ['Failing PCs', devices.filter((x) => x.failing).length, 'failing'],
      ['Silent PCs', devices.filter((x) => x.silent).length, 'silent'],
      ['Wipes, 7 days', devices.reduce((a, x) => a + x.wipes7d, 0)],
      ['Failures, 7 days', devices.reduce((a, x) => a + x.failures7d, 0), 'failing'],
    ]),
    h(
      'section',
      { 'aria-labelledby': 'pcs-title' },
      h('h2', { id: 'pcs-title' }, 'PCs'),
      searchBox(deviceTable),
      h('div', { class: 'table-wrap' }, deviceTable),
    ),
    revokedSection(d, now),
    h(
      'section',
      { 'aria-labelledby': 'activity-title' },
      h('h2', { id: 'activity-title' }, 'Activity'),
      periodPicker(days, onPeriod),
      h(
        'div',
        { class: 'charts' },
        dailyChart(`Sessions wiped per day at ${d.id}, last ${days} days`, d.daily, days, now),
        barChart(
          `Items wiped by category at ${d.id}, last ${days} days`,
          ['item', 'items'],
          d.categories.map((c) => ({ label: c.category, value: c.items, note: bytes(c.bytes) })),
          ['Category', 'Items', 'Size'],
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'failures-title' },
      h('h2', { id: 'failures-title' }, 'Failures'),
      h('div', { class: 'table-wrap wrap-cells' }, failures),
    ),
    safe || done
      ? h(
          'section',
          { 'aria-labelledby': 'durations-title' },
          h('h2', { id: 'durations-title' }, 'Durations'),
          h('div', { class: 'charts' }, safe, done),
        )
      : null,
    tokenForm(d.id),
    isAdmin ? alertsSection(d.id) : null,
  );
}
