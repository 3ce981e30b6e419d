/**
 * Where our windows may go and what the app:// protocol serves, as plain functions. Pages live at
 * `app://tabula/<page>.html`; a page may only reload itself, never navigate elsewhere, never open
 * a window. The protocol serves flat file names only: HTML/CSS/images from the pages folder and
 * compiled scripts from the scripts folder; anything else (nested paths, `..`, other hosts) is 404.
 */
import path from 'node:path';
import type { WindowRole } from '../../protocol/app-api.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tabula';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const ROLE_PAGES: Record<WindowRole, string> = { staff: 'staff.html', notice: 'notice.html', countdown: 'countdown.html' };

export function pageUrl(role: WindowRole): string {
  return `${APP_ORIGIN}/${ROLE_PAGES[role]}`;
}

/** `will-navigate` / `will-redirect`: only a reload of the same page (hash/query changes included). */
export function isAllowedNavigation(target: string, current: string): boolean {
  try {
    const to = new URL(target);
    const from = new URL(current);
    return to.protocol === `${APP_SCHEME}:` && to.host === APP_HOST && to.host === from.host && to.pathname === from.pathname;
  } catch {
    return false;
  }
}

/** `setWindowOpenHandler`: never. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** `will-attach-webview`, permission requests: never. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface AssetRoots {
  /** renderer/ in the source tree (HTML, CSS, images). */
  pages: string;
  /** dist/renderer/renderer (compiled scripts). */
  scripts: string;
}

/** The file an app:// URL names, with its MIME type, or undefined (→ 404). */
export function assetFor(url: string, roots: AssetRoots): { file: string; mime: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  const name = decodeURIComponentSafe(u.pathname.replace(/^\//, ''));
  if (!name || !/^[a-z0-9][a-z0-9-]*\.(html|css|js|svg|png)$/.test(name)) return undefined;
  const ext = path.extname(name);
  const mime = MIME[ext];
  if (!mime) return undefined;
  const dir = ext === '.js' ? roots.scripts : roots.pages;
  return { file: path.join(dir, name), mime };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}
