/**
 * The progress bar's position from the agent's progress events: one bar across the phases
 * (planning → moving → deleting/counting → verifying), never going backwards within a wipe.
 */
import type { ProgressEvent } from '../protocol/app-api.js';

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

export const PHASE_TEXT: Record<ProgressEvent['phase'], string> = {
  planning: 'Finding what to erase',
  moving: 'Making the data unreachable',
  deleting: 'Deleting',
  counting: 'Counting',
  verifying: 'Verifying that nothing is left',
};

export function progressText(p: ProgressEvent): string {
  const count = p.total > 0 && p.phase !== 'verifying' ? `: ${p.done} of ${p.total} items` : '';
  const queued = p.queued > 0 ? ` (${p.queued} more queued)` : '';
  return `${PHASE_TEXT[p.phase] ?? p.phase}${count}${queued}`;
}
