/** Chromium (distribution packages, Snap, Flatpak, ungoogled-chromium Flatpak). */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, snap } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const FLATPAKS = ['org.chromium.Chromium', 'io.github.ungoogled_software.ungoogled_chromium'];

export const chromium: CatalogEntry = {
  id: 'chromium',
  name: 'Chromium',
  kind: 'browser',
  processNames: {
    // Linux truncates a process name to 15 characters: `chromium-browser` shows as `chromium-browse`.
    linux: ['chromium', 'chromium-browser', 'chromium-browse'],
    darwin: ['Chromium'],
    win32: ['chrome.exe'],
  },
  areas: chromiumAreas({
    userData: {
      linux: [
        at('xdgConfig', 'chromium'),
        // The snap sets CHROME_CONFIG_HOME=$SNAP_USER_COMMON.
        snap('chromium', 'common', 'chromium'),
        ...FLATPAKS.map((id) => flatpak(id, 'config', 'chromium')),
      ],
      darwin: [at('library', 'Application Support', 'Chromium')],
      win32: [at('localAppData', 'Chromium', 'User Data')],
    },
    caches: {
      linux: [
        at('xdgCache', 'chromium'),
        snap('chromium', 'common', '.cache', 'chromium'),
        ...FLATPAKS.map((id) => flatpak(id, 'cache', 'chromium')),
      ],
      darwin: [at('library', 'Caches', 'Chromium')],
    },
    savedState: [at('library', 'Saved Application State', 'org.chromium.Chromium.savedState')],
  }),
};
