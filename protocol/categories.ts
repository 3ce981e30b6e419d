/** Stable category ids. They appear in reports, CLI JSON and logs; never rename one. */
export const BROWSER_CATEGORIES = [
  'history',
  'cookies',
  'cache',
  'sessions',
  'site-data',
  'form-data',
  'passwords',
  'downloads-history',
] as const;

export const OS_CATEGORIES = ['downloads', 'desktop', 'documents', 'temp', 'recent', 'thumbnails', 'trash'] as const;

/** Reset mode only: anything outside the catalogue that differs from the IT baseline. */
export const RESET_CATEGORIES = ['app-data'] as const;

/**
 * Patron traces of programs other than browsers: shell and REPL histories, credential stores
 * (keyrings, keychains, Windows Credentials/Vault/DPAPI), and print jobs with their spool files
 * and log entries (found through the print system, outside the home). `app-data` is used by the
 * catalogue too, for well-known applications' data.
 */
export const APP_CATEGORIES = ['histories', 'credentials', 'print-jobs'] as const;

export const CATEGORY_IDS = [...BROWSER_CATEGORIES, ...OS_CATEGORIES, ...RESET_CATEGORIES, ...APP_CATEGORIES] as const;

export type BrowserCategory = (typeof BROWSER_CATEGORIES)[number];
export type OsCategory = (typeof OS_CATEGORIES)[number];
export type CategoryId = (typeof CATEGORY_IDS)[number];

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}
