/**
 * Inline SVG charts, drawn here with no library: each is a <figure> whose SVG is one image
 * (`role="img"`) named by its <title> and described by a <desc> summary, followed by the same
 * numbers as a real table (in <details>) for screen-reader and keyboard users.
 */
import type { Bucket, DayTotals } from './api.mjs';
import { count, dayRange, n, weekRange } from './format.mjs';
import { h, s, table } from './dom.mjs';

let serial = 0;
const W = 640;

/** A "nice" upper bound for an axis (1, 2, 5 × 10^k) and its tick step. */
function scale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw) ?? 10 * pow;
  return { top: Math.max(1, Math.ceil(max / step) * step), step: Math.max(1, step) };
}

function frame(
  title: string,
  summary: string,
  svgBody: SVGElement[],
  height: number,
  legend: HTMLElement | null,
  data: HTMLTableElement,
  boxClass = 'chart-box',
): HTMLElement {
  const id = `chart-${++serial}`;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', focusable: 'false' },
    s('title', { id: `${id}-t` }, title),
    s('desc', { id: `${id}-d` }, summary),
    ...svgBody,
  );
  return h(
    'figure',
    { class: boxClass, 'aria-labelledby': `${id}-cap` },
    h('figcaption', { id: `${id}-cap` }, h('span', { class: 'chart-title' }, title), h('span', { class: 'chart-summary' }, summary)),
    legend,
    svg,
    h('details', {}, h('summary', {}, `Show the data of “${title}” as a table`), data),
  );
}

export interface SeriesOptions {
  /** A small multiple (one per site): shorter, fewer axis labels, no legend. */
  compact?: boolean;
  /** 'week': `totals` are ISO weeks labelled by their Monday (the first and last may be partial). */
  unit?: Bucket;
}

/**
 * Sessions wiped per UTC day or ISO week (completed and failed stacked), every period of the
 * window shown.
 */
export function dailyChart(
  title: string,
  totals: readonly DayTotals[],
  days: number,
  now: number,
  options: SeriesOptions = {},
): HTMLElement {
  const { compact = false, unit = 'day' } = options;
  const byDay = new Map(totals.map((t) => [t.day, t]));
  const range = unit === 'week' ? weekRange(days, now) : dayRange(days, now);
  const period = unit === 'week' ? 'week starting' : 'day';
  const rows = range.map((day) => ({ day, wipes: byDay.get(day)?.wipes ?? 0, failed: byDay.get(day)?.failedWipes ?? 0 }));
  const total = rows.reduce((a, r) => a + r.wipes, 0);
  const failed = rows.reduce((a, r) => a + r.failed, 0);
  const peak = rows.reduce((best, r) => (r.wipes > best.wipes ? r : best), rows[0] ?? { day: '', wipes: 0, failed: 0 });
  const summary =
    total === 0
      ? `No sessions wiped in the last ${days} days.`
      : `Last ${days} days${unit === 'week' ? ', per week (Monday to Sunday, UTC)' : ''}: ${count(total, 'session')} wiped, ${n(failed)} of them failed or partial; busiest ${period} ${peak.day} with ${n(peak.wipes)}.`;

  const height = compact ? 130 : 220;
  const left = 44;
  const bottom = 28;
  const top = 10;
  const plotH = height - top - bottom;
  const { top: max, step } = scale(Math.max(...rows.map((r) => r.wipes), 0));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const slot = (W - left - 8) / Math.max(1, rows.length);
  const bar = Math.max(2, slot * 0.7);
  const body: SVGElement[] = [];
  for (let v = 0; v <= max; v += compact ? max : step) {
    body.push(s('line', { x1: left, x2: W - 4, y1: y(v), y2: y(v), class: 'grid' }));
    body.push(s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, n(v)));
  }
  const labelEvery = Math.ceil(rows.length / (compact ? 4 : 8));
  rows.forEach((r, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    const ok = r.wipes - r.failed;
    const tip = `${unit === 'week' ? 'Week of ' : ''}${r.day}: ${n(r.wipes)} wiped, ${n(r.failed)} failed`;
    if (ok > 0)
      body.push(s('rect', { x, y: y(r.wipes), width: bar, height: y(r.failed) - y(r.wipes), class: 'bar-ok' }, s('title', {}, tip)));
    if (r.failed > 0)
      body.push(s('rect', { x, y: y(r.failed), width: bar, height: y(0) - y(r.failed), class: 'bar-failed' }, s('title', {}, tip)));
    if ((rows.length - 1 - i) % labelEvery === 0) {
      body.push(s('text', { x: x + bar / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, r.day.slice(5)));
    }
  });
  body.push(s('line', { x1: left, x2: W - 4, y1: y(0), y2: y(0), class: 'axis-line' }));
  const legend = compact
    ? null
    : h(
        'ul',
        { class: 'legend' },
        h('li', {}, h('span', { class: 'swatch swatch-ok', 'aria-hidden': 'true' }), 'Completed'),
        h('li', {}, h('span', { class: 'swatch swatch-failed', 'aria-hidden': 'true' }), 'Failed or partial'),
      );
  const data = table(
    title,
    [unit === 'week' ? 'Week starting (Monday, UTC)' : 'Day (UTC)', 'Sessions wiped', 'Failed or partial'],
    rows.filter((r) => r.wipes > 0).map((r) => [r.day, n(r.wipes), n(r.failed)]),
    { rowHeader: true },
  );
  return frame(title, summary, body, height, legend, data, compact ? 'chart-box chart-small' : 'chart-box');
}

export interface BarRow {
  label: string;
  value: number;
  note?: string;
}

/** Horizontal bars, largest first (items by category, wipes per site). */
export function barChart(
  title: string,
  unit: [one: string, many: string],
  input: BarRow[],
  columns: [string, string, string?],
): HTMLElement {
  const rows = [...input].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const total = rows.reduce((a, r) => a + r.value, 0);
  const first = rows[0];
  const summary =
    !first || total === 0
      ? `Nothing to show yet.`
      : `${count(total, ...unit)} in all; ${rows
          .slice(0, 3)
          .map((r) => `${r.label} ${n(r.value)}`)
          .join(', ')}${rows.length > 3 ? `, and ${rows.length - 3} more` : ''}.`;
  const rowH = 26;
  const left = 150;
  const right = 70;
  const height = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, first?.value ?? 1);
  const body: SVGElement[] = [];
  rows.forEach((r, i) => {
    const yy = 4 + i * rowH;
    const w = Math.max(r.value > 0 ? 2 : 0, ((W - left - right) * r.value) / max);
    body.push(s('text', { x: left - 8, y: yy + 17, 'text-anchor': 'end', class: 'label' }, r.label));
    body.push(
      s(
        'rect',
        { x: left, y: yy + 4, width: w, height: rowH - 8, class: 'bar-ok' },
        s('title', {}, `${r.label}: ${count(r.value, ...unit)}`),
      ),
    );
    body.push(s('text', { x: left + w + 6, y: yy + 17, class: 'value' }, n(r.value)));
  });
  const data = table(
    title,
    columns.filter((c): c is string => c !== undefined),
    rows.map((r) => (columns[2] === undefined ? [r.label, n(r.value)] : [r.label, n(r.value), r.note ?? ''])),
    { rowHeader: true },
  );
  return frame(title, summary, body, height, null, data);
}
