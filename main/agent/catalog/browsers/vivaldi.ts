/** Vivaldi: stable and snapshot channels; Snap and Flatpak on Linux. */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, rules, snap } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const LINUX_CHANNELS = ['vivaldi', 'vivaldi-snapshot'];
const OTHER_CHANNELS = ['Vivaldi', 'Vivaldi Snapshot'];

export const vivaldi: CatalogEntry = {
  id: 'vivaldi',
  name: 'Vivaldi',
  kind: 'browser',
  processNames: {
    linux: ['vivaldi-bin'],
    darwin: ['Vivaldi', 'Vivaldi Snapshot'],
    win32: ['vivaldi.exe'],
  },
  areas: chromiumAreas({
    userData: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgConfig', dir)),
        snap('vivaldi', '*', '.config', 'vivaldi'),
        flatpak('com.vivaldi.Vivaldi', 'config', 'vivaldi'),
      ],
      darwin: OTHER_CHANNELS.map((dir) => at('library', 'Application Support', dir)),
      win32: OTHER_CHANNELS.map((dir) => at('localAppData', dir, 'User Data')),
    },
    caches: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgCache', dir)),
        snap('vivaldi', '*', '.cache', 'vivaldi'),
        flatpak('com.vivaldi.Vivaldi', 'cache', 'vivaldi'),
      ],
      darwin: OTHER_CHANNELS.map((dir) => at('library', 'Caches', dir)),
    },
    savedState: [at('library', 'Saved Application State', 'com.vivaldi.Vivaldi*.savedState')],
    // Vivaldi's Notes panel: text the patron typed (kept beside Bookmarks, same format).
    extraRules: rules('form-data', 'Notes*'),
  }),
};
