/** Fleet overview: totals, the PCs that need attention, every site in a table, fleet charts and one small chart per site. */
import type { Overview } from './api.mjs';
import { barChart, dailyChart } from './charts.mjs';
import { h, table } from './dom.mjs';
import { ago, iso, n, siteLabel, when } from './format.mjs';
import { badge, heading, periodPicker, totals } from './views.mjs';

export function overviewView(o: Overview, days: number, onPeriod: (days: number) => void): HTMLElement {
  const sum = (f: (x: Overview['sites'][number]) => number) => o.sites.reduce((a, x) => a + f(x), 0);
  const failing = o.sites.filter((x) => x.failing > 0);
  const silent = o.sites.filter((x) => x.silent > 0);
  const attention =
    failing.length + silent.length === 0
      ? h('p', { class: 'all-good' }, badge('ok', 'Every PC reported recently and its last wipe succeeded.'))
      : h(
          'ul',
          { class: 'attention' },
          ...failing.map((x) =>
            h(
              'li',
              { class: 'row-failing' },
              badge('failing', `${n(x.failing)} failing`),
              ' at ',
              h('a', { href: `#/site/${x.id}` }, siteLabel(x)),
            ),
          ),
          ...silent.map((x) =>
            h(
              'li',
              { class: 'row-silent' },
              badge('silent', `${n(x.silent)} silent`),
              ' at ',
              h('a', { href: `#/site/${x.id}` }, siteLabel(x)),
            ),
          ),
        );

  const rows = o.sites.map((x) => [
    h('a', { href: `#/site/${x.id}` }, x.name ?? x.id, x.name ? h('span', { class: 'site-id' }, ` (${x.id})`) : null),
    n(x.devices),
    x.failing > 0 ? badge('failing', `${n(x.failing)} failing`) : '0',
    x.silent > 0 ? badge('silent', `${n(x.silent)} silent`) : '0',
    h('time', { datetime: iso(x.lastSeenAt), title: when(x.lastSeenAt) }, ago(x.lastSeenAt, o.generatedAt)),
    n(x.wipes7d),
    n(x.failedWipes7d),
    n(x.failures7d),
  ]);
  const sites = table(
    `Sites (${o.sites.length}). Failing sites are marked.`,
    ['Site', 'PCs', 'Failing', `Silent (${o.silentAfterHours} h)`, 'Last report', 'Wipes, 7 d', 'Failed wipes, 7 d', 'Failures, 7 d'],
    rows,
    {
      rowHeader: true,
      rowClass: (i) => ((o.sites[i]?.failing ?? 0) > 0 ? 'row-failing' : (o.sites[i]?.silent ?? 0) > 0 ? 'row-silent' : null),
    },
  );

  // One small chart per site, sites with failing or silent PCs first; per week beyond 92 days.
  const unit = o.siteBucket;
  const bySite = new Map<string, Overview['siteDaily']>();
  for (const r of o.siteDaily) bySite.set(r.site, [...(bySite.get(r.site) ?? []), r]);
  const order = (x: Overview['sites'][number]) => (x.failing > 0 ? 0 : x.silent > 0 ? 1 : 2);
  const perSite = [...o.sites]
    .sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id))
    .map((x) =>
      dailyChart(`Sessions wiped per ${unit} at ${x.id}, last ${days} days`, bySite.get(x.id) ?? [], days, o.generatedAt, {
        compact: true,
        unit,
      }),
    );

  return h(
    'div',
    { class: 'view' },
    h(
      'div',
      { class: 'view-head' },
      heading('Fleet overview'),
      h(
        'p',
        { class: 'meta' },
        `Updated ${when(o.generatedAt)}. A PC is silent when it has not reported for ${o.silentAfterHours} hours; failing when its last wipe failed.`,
      ),
    ),
    totals([
      ['Sites', o.sites.length],
      ['PCs', sum((x) => x.devices)],
      ['Failing PCs', sum((x) => x.failing), 'failing'],
      ['Silent PCs', sum((x) => x.silent), 'silent'],
      ['Wipes, 7 days', sum((x) => x.wipes7d)],
      ['Failed wipes, 7 days', sum((x) => x.failedWipes7d), 'failing'],
    ]),
    h('section', { 'aria-labelledby': 'attention-title' }, h('h2', { id: 'attention-title' }, 'Needs attention'), attention),
    h('section', { 'aria-labelledby': 'sites-title' }, h('h2', { id: 'sites-title' }, 'Sites'), h('div', { class: 'table-wrap' }, sites)),
    h(
      'section',
      { 'aria-labelledby': 'charts-title' },
      h('h2', { id: 'charts-title' }, 'Activity'),
      periodPicker(days, onPeriod),
      h(
        'div',
        { class: 'charts' },
        dailyChart(`Sessions wiped per day, all sites, last ${days} days`, o.daily, days, o.generatedAt),
        barChart(
          'Sessions wiped per site, last 7 days',
          ['session', 'sessions'],
          o.sites.map((x) => ({ label: x.id, value: x.wipes7d, note: n(x.failedWipes7d) })),
          ['Site', 'Sessions wiped', 'Failed or partial'],
        ),
      ),
    ),
    perSite.length > 0
      ? h(
          'section',
          { 'aria-labelledby': 'per-site-title' },
          h('h2', { id: 'per-site-title' }, `Sessions wiped per ${unit}, per site`),
          h(
            'p',
            { class: 'meta' },
            'Sites with failing or silent PCs first. Red: failed or partial wipes.',
            unit === 'week'
              ? ' Over 92 days each bar is a week, Monday to Sunday (UTC), labelled by its Monday; the first and last weeks may be partial.'
              : '',
          ),
          h('div', { class: 'charts charts-small' }, ...perSite),
        )
      : null,
  );
}
