/**
 * The progress bar's position from the agent's progress events: one bar across the phases
 * (planning → moving → deleting/counting → verifying), never going backwards within a wipe.
 */
import type { Language, ProgressEvent } from '../protocol/app-api.js';
import { formatCount } from './format.js';
import { STAFF_STRINGS } from './i18n-staff.js';

const SPANS: Record<ProgressEvent['phase'], [number, number]> = {
  planning: [0, 5],
  moving: [5, 60],
  deleting: [60, 95],
  counting: [60, 95],
  verifying: [95, 100],
};

export function percentOf(p: ProgressEvent): number {
  const [from, to] = SPANS[p.phase] ?? [0, 100];
  const fraction = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : p.phase === 'verifying' ? 1 : 0;
  return Math.round(from + (to - from) * fraction);
}

export function progressText(p: ProgressEvent, lang: Language, locale: string): string {
  const s = STAFF_STRINGS[lang];
  const n = (v: number) => formatCount(v, locale);
  const count = p.total > 0 && p.phase !== 'verifying' ? s.progressCount(n(p.done), n(p.total)) : '';
  const queued = p.queued > 0 ? s.progressQueued(n(p.queued)) : '';
  return `${s.phases[p.phase] ?? p.phase}${count}${queued}`;
}
