/**
 * The patron's Documents — and the other personal media folders, which the catalogue has no
 * category of their own for: screenshots (Windows Pictures\Screenshots, GNOME Pictures/Screenshots),
 * webcam photos, screen recordings (Videos\Captures, Videos/Screencasts) and saved music are the
 * patron's documents too. Those are found by their default English names below the home; on a
 * Linux desktop with localized XDG folders they are simply absent.
 */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';
import { userFolderAreas } from './user-folder.js';
import { HOME_FILES_AREAS } from './home-files.js';

export const documents: CatalogEntry = {
  id: 'documents',
  name: 'Documents',
  kind: 'os',
  processNames: {},
  areas: [
    ...userFolderAreas({
      category: 'documents',
      linux: [at('documents')],
      darwin: [at('documents')],
      win32: [at('documents')],
      win32Keep: ['My Music', 'My Pictures', 'My Videos'],
    }),
    ...userFolderAreas({
      category: 'documents',
      linux: ['Pictures', 'Videos', 'Music'].map((dir) => at('home', dir)),
      darwin: ['Pictures', 'Movies', 'Music'].map((dir) => at('home', dir)),
      win32: ['Pictures', 'Videos', 'Music'].map((dir) => at('home', dir)),
    }),
    ...HOME_FILES_AREAS,
  ],
};
