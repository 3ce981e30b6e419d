/** The page's only way out: `window.tabula`, exposed by the preload (or by a test bridge). */
import type { TabulaApi } from '../protocol/app-api.js';

export function tabula(): TabulaApi {
  const api = (window as unknown as { tabula?: TabulaApi }).tabula;
  if (!api) throw new Error('window.tabula is missing: this page must run inside the Tabula app');
  return api;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el as T;
}

/** Replaces an element's content with text (never HTML). */
export function setText(el: HTMLElement, text: string): void {
  el.textContent = text;
}
