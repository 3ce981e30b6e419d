/** The patron's Downloads folder (Linux: XDG_DOWNLOAD_DIR, clamped inside the home). */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';
import { userFolderAreas } from './user-folder.js';

const here = [at('downloads')];

export const downloads: CatalogEntry = {
  id: 'downloads',
  name: 'Downloads',
  kind: 'os',
  processNames: {},
  areas: userFolderAreas({ category: 'downloads', linux: here, darwin: here, win32: here }),
};
