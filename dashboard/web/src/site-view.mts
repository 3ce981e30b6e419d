/** One site: its PCs (failing first), revoked PCs (collapsed), CSV export, per-day and per-category charts, failures, durations. */
import type { DeviceSummary, SiteDetail } from './api.mjs';
import { api } from './api.mjs';
import { revokeButton, tokenForm } from './admin-view.mjs';
import { barChart, dailyChart } from './charts.mjs';
import { h, table } from './dom.mjs';
import { ago, bucketLabel, bytes, iso, n, when } from './format.mjs';
import { badge, heading, periodPicker, totals } from './views.mjs';

const rank = (d: DeviceSummary) => (d.failing ? 0 : d.silent ? 1 : 2);

function status(d: DeviceSummary): HTMLElement {
  if (d.failing) return badge('failing', 'Failing');
  if (d.silent) return badge('silent', 'Silent');
  return badge('ok', 'OK');
}

function durations(title: string, buckets: Record<string, number>): HTMLElement | null {
  const entries = Object.entries(buckets).filter(([, v]) => v > 0)
    .sort(([a], [b]) => (a === 'inf' ? 1 : b === 'inf' ? -1 : Number(a.slice(2)) - Number(b.slice(2))));
  if (entries.length === 0) return null;
  return table(title, ['Duration', 'Wipes'], entries.map(([k, v]) => [bucketLabel(k), n(v)]), { rowHeader: true });
}

/** Revoked PCs, collapsed: they no longer count, but staff can see which and when. */
function revokedSection(d: SiteDetail, now: number): HTMLElement {
  const list = d.revoked.length === 0
    ? h('p', {}, `No PC of ${d.id} has been revoked.`)
    : table(`Revoked PCs at ${d.id} (${d.revoked.length}), most recent first`, ['PC', 'Revoked at', 'Last report'],
      d.revoked.map((x) => [h('code', {}, x.id), h('time', { datetime: iso(x.revokedAt) }, when(x.revokedAt)),
        h('time', { datetime: iso(x.lastSeenAt), title: when(x.lastSeenAt) }, ago(x.lastSeenAt, now))]), { rowHeader: true });
  return h('section', { 'aria-labelledby': 'revoked-title' }, h('h2', { id: 'revoked-title' }, 'Revoked PCs'),
    h('details', { class: 'revoked' }, h('summary', {}, `Show ${d.revoked.length} revoked PC${d.revoked.length === 1 ? '' : 's'}`),
      h('div', { class: 'table-wrap' }, list)));
}

/** `onChange(message)`: a PC was revoked (or could not be); the page reloads and announces it. */
export function siteView(d: SiteDetail, days: number, now: number, onPeriod: (days: number) => void, onChange: (message: string) => void): HTMLElement {
  const devices = [...d.devices].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const rows = devices.map((x) => [
    h('code', {}, x.id), status(x), x.lastOutcome ?? '—',
    h('time', { datetime: iso(x.lastSeenAt), title: when(x.lastSeenAt) }, ago(x.lastSeenAt, now)),
    x.platform, x.agentVersion, n(x.wipes7d), n(x.failures7d), revokeButton(x.id, onChange),
  ]);
  const deviceTable = table(`PCs at ${d.id} (${devices.length}), failing and silent first`,
    ['PC', 'Status', 'Last outcome', 'Last report', 'Platform', 'Agent', 'Wipes, 7 days', 'Failures, 7 days', 'Action'],
    rows, { rowHeader: true, rowClass: (i) => (devices[i]?.failing ? 'row-failing' : devices[i]?.silent ? 'row-silent' : null) });
  const failures = d.failures.length === 0
    ? h('p', {}, `No failures in the last ${days} days.`)
    : table(`Failures by category and error code, last ${days} days`, ['Category', 'Error code', 'Failures'],
      d.failures.map((f) => [f.category, h('code', {}, f.code), n(f.failures)]), { rowHeader: true });
  const safe = durations('Time until the PC was safe for the next patron', d.safeMs);
  const done = durations('Time until everything was deleted', d.doneMs);

  return h('div', { class: 'view' },
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('ol', {}, h('li', {}, h('a', { href: '#/' }, 'Fleet overview')), h('li', { 'aria-current': 'page' }, d.id))),
    h('div', { class: 'view-head' }, heading(`Site ${d.id}`),
      h('p', { class: 'actions' }, h('a', { class: 'button', href: api.csvUrl(d.id), download: `tabula-${d.id}-devices.csv` }, 'Export PCs as CSV'))),
    totals([['PCs', devices.length], ['Failing PCs', devices.filter((x) => x.failing).length, 'failing'],
      ['Silent PCs', devices.filter((x) => x.silent).length, 'silent'], ['Wipes, 7 days', devices.reduce((a, x) => a + x.wipes7d, 0)],
      ['Failures, 7 days', devices.reduce((a, x) => a + x.failures7d, 0), 'failing']]),
    h('section', { 'aria-labelledby': 'pcs-title' }, h('h2', { id: 'pcs-title' }, 'PCs'), h('div', { class: 'table-wrap' }, deviceTable)),
    revokedSection(d, now),
    h('section', { 'aria-labelledby': 'activity-title' }, h('h2', { id: 'activity-title' }, 'Activity'), periodPicker(days, onPeriod),
      h('div', { class: 'charts' },
        dailyChart(`Sessions wiped per day at ${d.id}, last ${days} days`, d.daily, days, now),
        barChart(`Items wiped by category at ${d.id}, last ${days} days`, 'items', d.categories.map((c) => ({ label: c.category, value: c.items, note: bytes(c.bytes) })),
          ['Category', 'Items', 'Size']))),
    h('section', { 'aria-labelledby': 'failures-title' }, h('h2', { id: 'failures-title' }, 'Failures'), failures),
    safe || done ? h('section', { 'aria-labelledby': 'durations-title' }, h('h2', { id: 'durations-title' }, 'Durations'), h('div', { class: 'charts' }, safe, done)) : null,
    tokenForm(d.id),
  );
}
