/** The last-wipes table and the per-category table of a result or preview, in the window's language. */
import type { CategoryCount } from '../protocol/wipe-summary.js';
import type { CategoryId } from '../protocol/categories.js';
import type { Language, ResultRow } from '../protocol/app-api.js';
import { formatBytes, formatCount, formatSeconds, formatTime } from './format.js';
import { STAFF_STRINGS } from './i18n-staff.js';

function cell(tr: HTMLTableRowElement, text: string, cls?: string): void {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
}

export function renderHistory(body: HTMLElement, rows: ResultRow[], lang: Language, locale: string): void {
  const s = STAFF_STRINGS[lang];
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 7;
    td.textContent = s.noWipes;
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const row of rows) {
    const tr = document.createElement('tr');
    cell(tr, formatTime(row.at, locale));
    cell(tr, s.triggers[row.trigger] ?? row.trigger);
    cell(tr, s.outcomes[row.outcome] ?? row.outcome, `outcome-${row.outcome}`);
    cell(tr, formatCount(row.items, locale), 'num');
    cell(tr, formatBytes(row.bytes, locale), 'num');
    cell(tr, formatSeconds(row.seconds, locale), 'num');
    cell(tr, formatCount(row.failures + row.remaining, locale), 'num');
    body.append(tr);
  }
}

export function renderCategories(
  body: HTMLElement,
  categories: Partial<Record<CategoryId, CategoryCount>>,
  lang: Language,
  locale: string,
): number {
  const s = STAFF_STRINGS[lang];
  body.replaceChildren();
  const entries = (Object.entries(categories) as Array<[CategoryId, CategoryCount]>).filter(([, c]) => c.items > 0);
  for (const [id, c] of entries) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = s.categories[id] ?? id;
    tr.append(th);
    cell(tr, formatCount(c.items, locale), 'num');
    cell(tr, formatBytes(c.bytes, locale), 'num');
    body.append(tr);
  }
  return entries.length;
}
