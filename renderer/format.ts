/** Staff-facing formatting with the language's locale (Intl): counts, sizes, seconds, times, error codes. */
import type { ErrorCode } from '../protocol/error-codes.js';
import type { ErrorHelp } from '../protocol/error-help.js';
import type { Language } from '../protocol/app-api.js';
import { STAFF_STRINGS } from './i18n-staff.js';

/** The locale for `lang`: the user's own regional variant when it is of that language (es-MX), else the language. */
export function localeFor(lang: Language, preferred: readonly string[] = []): string {
  return preferred.find((l) => l === lang || l.startsWith(`${lang}-`)) ?? lang;
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Seconds with one decimal: "1.5" in English, "1,5" in Spanish. */
export function formatSeconds(s: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s);
}

/** Binary sizes with the SI-style unit symbols, which read the same in every language we ship. */
export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024) return `${formatCount(bytes, locale)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  const digits = value < 10 ? 1 : 0;
  const num = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return `${num} ${units[i]}`;
}

export function formatTime(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/**
 * A failure for staff: the page's own text for the code, else (in English) the code's meaning and
 * action that the app sent along (protocol/error-help.ts), else a generic line with the code.
 */
export function errorText(code: ErrorCode, lang: Language, help?: ErrorHelp): string {
  const s = STAFF_STRINGS[lang];
  const own = s.errors[code];
  if (own) return own;
  return help && lang === 'en' ? `${help.meaning} ${help.action} (${code})` : s.errorOther(code);
}
