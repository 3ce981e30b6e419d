/**
 * The patron's own folders (Downloads, Desktop, Documents): everything in them goes, as the
 * folder's category. Only the files the OS puts there to name the folder survive:
 * - Windows `desktop.ini` (localized folder name and icon; no patron data);
 * - macOS `.localized` (an empty marker that makes Finder show the localized name).
 * Windows Documents also holds the hidden legacy junctions `My Music`, `My Pictures`,
 * `My Videos` (system-made, deny-listed links to the real folders): they are kept too.
 * Keeps are per platform, so a Linux patron's file named `desktop.ini` is not spared.
 */
import type { Area, Location } from '../schema.js';
import type { OsCategory } from '../../../../protocol/categories.js';

export interface UserFolder {
  category: OsCategory;
  linux?: Location[];
  darwin?: Location[];
  win32?: Location[];
  /** Extra names kept on Windows only. */
  win32Keep?: string[];
}

export function userFolderAreas(folder: UserFolder): Area[] {
  const areas: Area[] = [];
  const residual = folder.category;
  if (folder.linux) areas.push({ roots: { linux: folder.linux }, rules: [], keep: [], residual });
  if (folder.darwin) areas.push({ roots: { darwin: folder.darwin }, rules: [], keep: ['.localized'], residual });
  if (folder.win32) {
    areas.push({ roots: { win32: folder.win32 }, rules: [], keep: ['desktop.ini', ...(folder.win32Keep ?? [])], residual });
  }
  return areas;
}
