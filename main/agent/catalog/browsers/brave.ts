/** Brave: release, beta, dev and nightly channels; Snap and Flatpak on Linux. */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, snap } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const CHANNELS = ['Brave-Browser', 'Brave-Browser-Beta', 'Brave-Browser-Dev', 'Brave-Browser-Nightly'];

export const brave: CatalogEntry = {
  id: 'brave',
  name: 'Brave',
  kind: 'browser',
  processNames: {
    linux: ['brave'],
    darwin: ['Brave Browser', 'Brave Browser Beta', 'Brave Browser Nightly'],
    win32: ['brave.exe'],
  },
  areas: chromiumAreas({
    userData: {
      linux: [
        ...CHANNELS.map((dir) => at('xdgConfig', 'BraveSoftware', dir)),
        // The Brave snap keeps its profile in the per-revision $SNAP_USER_DATA (~/snap/brave/<rev>);
        // older revisions kept by snapd hold copies too, hence `*`.
        snap('brave', '*', '.config', 'BraveSoftware', 'Brave-Browser'),
        flatpak('com.brave.Browser', 'config', 'BraveSoftware', 'Brave-Browser'),
      ],
      darwin: CHANNELS.map((dir) => at('library', 'Application Support', 'BraveSoftware', dir)),
      win32: CHANNELS.map((dir) => at('localAppData', 'BraveSoftware', dir, 'User Data')),
    },
    caches: {
      linux: [
        ...CHANNELS.map((dir) => at('xdgCache', 'BraveSoftware', dir)),
        snap('brave', '*', '.cache', 'BraveSoftware', 'Brave-Browser'),
        flatpak('com.brave.Browser', 'cache', 'BraveSoftware', 'Brave-Browser'),
      ],
      darwin: CHANNELS.map((dir) => at('library', 'Caches', 'BraveSoftware', dir)),
    },
    savedState: [at('library', 'Saved Application State', 'com.brave.Browser*.savedState')],
    // The private window with Tor has its own profile folder.
    extraProfileDirs: ['Tor Profile'],
  }),
};
