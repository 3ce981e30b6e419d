/**
 * The patron's Desktop. IT's shortcuts belong on the all-users desktop (C:\Users\Public\Desktop,
 * /usr/share/applications + dock); anything on the patron's own desktop is the patron's.
 */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';
import { userFolderAreas } from './user-folder.js';

const here = [at('desktop')];

export const desktop: CatalogEntry = {
  id: 'desktop',
  name: 'Desktop',
  kind: 'os',
  processNames: {},
  areas: userFolderAreas({ category: 'desktop', linux: here, darwin: here, win32: here }),
};
