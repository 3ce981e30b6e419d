/**
 * Office and text editors: the documents a patron opened or typed survive in their recent lists,
 * autosave/backup copies and caches. LibreOffice's whole user profile (registrymodifications.xcu
 * holds the recent-documents list; backup/ the autosaved copies); Microsoft Office's AutoRecover
 * copies, UnsavedFiles and the OfficeFileCache; Windows 11 Notepad's TabState (unsaved tabs);
 * Notepad++'s backup/ and session.xml (unsaved and last-open files).
 */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, snap } from '../location.js';

const WHOLE = () => ({ rules: [], keep: [], residual: 'app-data' as const });

export const officeApps: CatalogEntry = {
  id: 'office-apps',
  name: 'Office suites and text editors',
  kind: 'app',
  processNames: {},
  areas: [
    {
      ...WHOLE(),
      roots: {
        linux: [
          at('xdgConfig', 'libreoffice'),
          flatpak('org.libreoffice.LibreOffice', 'config', 'libreoffice'),
          snap('libreoffice', '*', '.config', 'libreoffice'),
        ],
        darwin: [at('library', 'Application Support', 'LibreOffice')],
        win32: [at('appData', 'LibreOffice')],
      },
    },
    {
      ...WHOLE(),
      roots: {
        win32: [
          at('appData', 'Microsoft', 'Word'), // *.asd AutoRecover copies
          at('appData', 'Microsoft', 'Excel'), // XLSTART stays IT's via baseline; AutoRecover
          at('appData', 'Microsoft', 'PowerPoint'),
          at('localAppData', 'Microsoft', 'Office', 'UnsavedFiles'),
          at('localAppData', 'Microsoft', 'Office', '16.0', 'OfficeFileCache'),
          at('localAppData', 'Microsoft', 'Office', 'OTele'),
          at('localAppData', 'Packages', 'Microsoft.WindowsNotepad_8wekyb3d8bbwe', 'LocalState', 'TabState'),
          at('appData', 'Notepad++', 'backup'),
          at('appData', 'Notepad++', 'session.xml'),
        ],
        darwin: [
          at('library', 'Containers', 'com.microsoft.Word', 'Data', 'Library', 'Preferences', 'AutoRecovery'),
          at('library', 'Containers', 'com.microsoft.Excel', 'Data', 'Library', 'Application Support', 'Microsoft'),
          at('library', 'Containers', 'com.microsoft.Powerpoint', 'Data', 'Library', 'Preferences', 'AutoRecovery'),
        ],
      },
    },
  ],
};
