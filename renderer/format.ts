/** Staff-facing formatting: sizes, times, category names, outcomes. */
import type { CategoryId } from '../protocol/categories.js';
import type { ErrorCode } from '../protocol/error-codes.js';
import type { ResultRow } from '../protocol/app-api.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const CATEGORY_LABELS: Record<CategoryId, string> = {
  history: 'Browsing history', cookies: 'Cookies', cache: 'Browser cache', sessions: 'Open tabs and sessions',
  'site-data': 'Site data', 'form-data': 'Form entries', passwords: 'Saved passwords', 'downloads-history': 'Download list',
  downloads: 'Downloads folder', desktop: 'Desktop', documents: 'Documents', temp: 'Temporary files', recent: 'Recent files',
  thumbnails: 'Thumbnails', trash: 'Trash', 'app-data': 'Other app data',
};

export const TRIGGER_LABELS: Record<ResultRow['trigger'], string> = {
  logout: 'Log out', idle: 'Idle', manual: 'Staff', schedule: 'Schedule', recovery: 'Recovery', boot: 'Start-up',
};

export const OUTCOME_LABELS: Record<ResultRow['outcome'], string> = {
  clean: 'Clean', partial: 'Partial', failed: 'Failed', refused: 'Refused',
};

/** Short staff-facing text for the codes the staff window can meet. */
export const ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  E_FORBIDDEN: 'Not allowed. Unlock with the staff PIN first.',
  E_AGENT_UNAVAILABLE: 'The Tabula agent service is not running. Call IT: wipes cannot happen until it runs.',
  E_NOT_PATRON: 'This account is not a patron account; Tabula does not wipe it.',
  E_UNSUPPORTED: 'Not available on this computer yet.',
  E_BAD_REQUEST: 'The request was refused as malformed.',
};

export function errorText(code: ErrorCode): string {
  return ERROR_TEXT[code] ?? `The wipe could not be done (${code}).`;
}
