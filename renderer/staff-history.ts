/** The last-wipes table and the per-category table of a result or preview. */
import type { CategoryCount } from '../protocol/wipe-summary.js';
import type { CategoryId } from '../protocol/categories.js';
import type { ResultRow } from '../protocol/app-api.js';
import { CATEGORY_LABELS, OUTCOME_LABELS, TRIGGER_LABELS, formatBytes, formatTime } from './format.js';

function cell(tr: HTMLTableRowElement, text: string, cls?: string): void {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
}

export function renderHistory(body: HTMLElement, rows: ResultRow[]): void {
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 7;
    td.textContent = 'No wipes yet.';
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const row of rows) {
    const tr = document.createElement('tr');
    cell(tr, formatTime(row.at));
    cell(tr, TRIGGER_LABELS[row.trigger] ?? row.trigger);
    cell(tr, OUTCOME_LABELS[row.outcome] ?? row.outcome, `outcome-${row.outcome}`);
    cell(tr, String(row.items), 'num');
    cell(tr, formatBytes(row.bytes), 'num');
    cell(tr, row.seconds.toFixed(1), 'num');
    cell(tr, String(row.failures + row.remaining), 'num');
    body.append(tr);
  }
}

export function renderCategories(body: HTMLElement, categories: Partial<Record<CategoryId, CategoryCount>>): number {
  body.replaceChildren();
  const entries = (Object.entries(categories) as Array<[CategoryId, CategoryCount]>).filter(([, c]) => c.items > 0);
  for (const [id, c] of entries) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = CATEGORY_LABELS[id] ?? id;
    tr.append(th);
    cell(tr, String(c.items), 'num');
    cell(tr, formatBytes(c.bytes), 'num');
    body.append(tr);
  }
  return entries.length;
}
