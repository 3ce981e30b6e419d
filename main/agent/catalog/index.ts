/** The whole catalogue: every browser and OS area, in the order the planner visits them. */
import type { CatalogEntry } from './schema.js';
import { brave } from './browsers/brave.js';
import { chrome } from './browsers/chrome.js';
import { chromium } from './browsers/chromium.js';
import { edge } from './browsers/edge.js';
import { firefox } from './browsers/firefox.js';
import { opera } from './browsers/opera.js';
import { safari } from './browsers/safari.js';
import { vivaldi } from './browsers/vivaldi.js';
import { desktop } from './os/desktop.js';
import { documents } from './os/documents.js';
import { downloads } from './os/downloads.js';
import { recent } from './os/recent.js';
import { temp } from './os/temp.js';
import { thumbnails } from './os/thumbnails.js';
import { trash } from './os/trash.js';
import { credentials } from './os/credentials.js';
import { histories } from './os/histories.js';
import { mediaApps } from './apps/media-apps.js';
import { officeApps } from './apps/office-apps.js';
import { systemTraces } from './apps/system-traces.js';

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  chrome,
  chromium,
  edge,
  brave,
  opera,
  vivaldi,
  firefox,
  safari,
  downloads,
  desktop,
  documents,
  temp,
  recent,
  thumbnails,
  trash,
  histories,
  credentials,
  officeApps,
  mediaApps,
  systemTraces,
]);

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}
