/**
 * Opera and Opera GX. The user-data folder is itself the main profile; Opera One's extra
 * profiles ("side profiles") live in `_side_profiles/<id>`.
 */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, snap } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const LINUX_CHANNELS = ['opera', 'opera-beta', 'opera-developer'];
const MAC_CHANNELS = [
  'com.operasoftware.Opera',
  'com.operasoftware.OperaGX',
  'com.operasoftware.OperaNext',
  'com.operasoftware.OperaDeveloper',
];

export const opera: CatalogEntry = {
  id: 'opera',
  name: 'Opera',
  kind: 'browser',
  processNames: {
    linux: ['opera', 'opera-beta', 'opera-developer'],
    darwin: ['Opera', 'Opera GX', 'Opera Beta', 'Opera Developer'],
    // Not launcher.exe: the name is too generic to close safely.
    win32: ['opera.exe'],
  },
  areas: chromiumAreas({
    rootIsProfile: true,
    // `Default` in case a build nests the main profile like the other Chromium browsers do.
    extraProfileDirs: ['_side_profiles/*', 'Default'],
    userData: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgConfig', dir)),
        snap('opera', '*', '.config', 'opera'),
        snap('opera-beta', '*', '.config', 'opera-beta'),
        snap('opera-developer', '*', '.config', 'opera-developer'),
        flatpak('com.opera.Opera', 'config', 'opera'),
      ],
      darwin: MAC_CHANNELS.map((dir) => at('library', 'Application Support', dir)),
      // Opera Stable, Opera GX Stable, Opera Next, Opera Developer: all of Opera Software is Opera's.
      win32: [at('appData', 'Opera Software', 'Opera*')],
    },
    caches: {
      linux: [
        ...LINUX_CHANNELS.map((dir) => at('xdgCache', dir)),
        snap('opera', '*', '.cache', 'opera'),
        snap('opera-beta', '*', '.cache', 'opera-beta'),
        snap('opera-developer', '*', '.cache', 'opera-developer'),
        flatpak('com.opera.Opera', 'cache', 'opera'),
      ],
      darwin: MAC_CHANNELS.map((dir) => at('library', 'Caches', dir)),
      win32: [at('localAppData', 'Opera Software', 'Opera*')],
    },
    savedState: [at('library', 'Saved Application State', 'com.operasoftware.Opera*.savedState')],
  }),
};
