/** Shared pieces of the views: headings that take the focus, period picker, totals, badges, messages. */
import { h } from './dom.mjs';
import { n } from './format.mjs';

export const PERIODS = [7, 30, 90, 365];

export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1, id: 'view-title' }, text);
}

export function periodPicker(days: number, onChange: (days: number) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'period', onchange: (e: Event) => onChange(Number((e.target as HTMLSelectElement).value)) },
    ...PERIODS.map((d) => h('option', { value: d, selected: d === days }, `Last ${d} days`)),
  );
  return h('p', { class: 'period' }, h('label', { for: 'period' }, 'Charts cover: '), select);
}

export function totals(items: [string, number, ('failing' | 'silent' | null)?][]): HTMLElement {
  return h(
    'dl',
    { class: 'totals' },
    ...items.map(([label, value, kind]) =>
      h('div', { class: `total${kind && value > 0 ? ` total-${kind}` : ''}` }, h('dt', {}, label), h('dd', {}, n(value))),
    ),
  );
}

export function badge(kind: 'failing' | 'silent' | 'ok', text: string): HTMLElement {
  const icon = kind === 'failing' ? '✖ ' : kind === 'silent' ? '⏸ ' : '✔ ';
  return h('span', { class: `badge badge-${kind}` }, h('span', { 'aria-hidden': 'true' }, icon), text);
}

export function message(title: string, text: string, link?: [string, string]): HTMLElement {
  return h('section', { class: 'message' }, heading(title), h('p', {}, text), link ? h('p', {}, h('a', { href: link[0] }, link[1])) : null);
}
