/**
 * The home folder itself: a visible file or folder the patron saved there (a note next to
 * Desktop, cups-pdf's `PDF/` output, a download saved one level too high) is theirs, as
 * `documents`. Left alone: hidden entries (dot files; handled by their own entries or by reset
 * mode), the known user folders of each OS (their contents are other entries' business), names
 * of the OS's new-account template and IT's `homeKeep` names (wipe/home-template.ts).
 */
import type { Area } from '../schema.js';
import { at } from '../location.js';

const POSIX_FOLDERS = ['.*', 'Desktop', 'Documents', 'Downloads', 'Music', 'Pictures', 'Videos', 'Public', 'Templates', 'snap'];

const WINDOWS_FOLDERS = [
  'AppData',
  'Application Data',
  'Contacts',
  'Cookies',
  'Desktop',
  'Documents',
  'Downloads',
  'Favorites',
  'Links',
  'Local Settings',
  'Music',
  'My Documents',
  'NetHood',
  'Pictures',
  'PrintHood',
  'Recent',
  'Saved Games',
  'Searches',
  'SendTo',
  'Start Menu',
  'Templates',
  'Videos',
  'OneDrive',
  'OneDrive - *',
  '3D Objects',
  'IntelGraphicsProfiles',
  'MicrosoftEdgeBackups',
  'NTUSER.DAT*',
  'ntuser.*',
  'desktop.ini',
  '.*',
];

export const HOME_FILES_AREAS: Area[] = [
  { roots: { linux: [at('home')] }, rules: [], keep: [], leave: POSIX_FOLDERS, leaveTemplate: true, residual: 'documents' },
  {
    roots: { darwin: [at('home')] },
    rules: [],
    keep: [],
    leave: [...POSIX_FOLDERS, 'Library', 'Movies', 'Applications', 'Sites', 'Creative Cloud Files'],
    leaveTemplate: true,
    residual: 'documents',
  },
  { roots: { win32: [at('home')] }, rules: [], keep: [], leave: WINDOWS_FOLDERS, leaveTemplate: true, residual: 'documents' },
];
