/** Google Chrome: stable, beta, dev (`unstable`) and canary channels; Flatpak on Linux. */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const LINUX_CHANNELS = ['google-chrome', 'google-chrome-beta', 'google-chrome-unstable', 'google-chrome-canary'];
/** Named one by one: a glob `Chrome*` would also catch `Chrome Cloud Enrollment` (IT's enrolment). */
const MAC_CHANNELS = ['Chrome', 'Chrome Beta', 'Chrome Dev', 'Chrome Canary'];
const WIN_CHANNELS = ['Chrome', 'Chrome Beta', 'Chrome Dev', 'Chrome SxS'];

export const chrome: CatalogEntry = {
  id: 'chrome',
  name: 'Google Chrome',
  kind: 'browser',
  processNames: {
    linux: ['chrome'],
    darwin: ['Google Chrome', 'Google Chrome Beta', 'Google Chrome Dev', 'Google Chrome Canary'],
    win32: ['chrome.exe'],
  },
  areas: chromiumAreas({
    userData: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgConfig', dir)),
        flatpak('com.google.Chrome', 'config', 'google-chrome'),
        flatpak('com.google.ChromeDev', 'config', 'google-chrome-unstable'),
      ],
      darwin: MAC_CHANNELS.map((dir) => at('library', 'Application Support', 'Google', dir)),
      win32: WIN_CHANNELS.map((dir) => at('localAppData', 'Google', dir, 'User Data')),
    },
    caches: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgCache', dir)),
        flatpak('com.google.Chrome', 'cache', 'google-chrome'),
        flatpak('com.google.ChromeDev', 'cache', 'google-chrome-unstable'),
      ],
      darwin: [...MAC_CHANNELS.map((dir) => at('library', 'Caches', 'Google', dir)), at('library', 'Caches', 'com.google.Chrome*')],
    },
    savedState: [at('library', 'Saved Application State', 'com.google.Chrome*.savedState')],
  }),
};
