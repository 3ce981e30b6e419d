/** Microsoft Edge: stable, beta, dev and canary channels; Flatpak on Linux. */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak } from '../location.js';
import { chromiumAreas } from './chromium-family.js';

const LINUX_CHANNELS = ['microsoft-edge', 'microsoft-edge-beta', 'microsoft-edge-dev'];
const MAC_CHANNELS = ['Microsoft Edge', 'Microsoft Edge Beta', 'Microsoft Edge Dev', 'Microsoft Edge Canary'];
const WIN_CHANNELS = ['Edge', 'Edge Beta', 'Edge Dev', 'Edge SxS'];

export const edge: CatalogEntry = {
  id: 'edge',
  name: 'Microsoft Edge',
  kind: 'browser',
  processNames: {
    linux: ['msedge'],
    darwin: MAC_CHANNELS,
    // Not msedgewebview2.exe: other applications embed it; it holds no browser profile.
    win32: ['msedge.exe'],
  },
  areas: chromiumAreas({
    userData: {
      linux: [...LINUX_CHANNELS.map((dir) => at('xdgConfig', dir)), flatpak('com.microsoft.Edge', 'config', 'microsoft-edge')],
      darwin: MAC_CHANNELS.map((dir) => at('library', 'Application Support', dir)),
      win32: WIN_CHANNELS.map((dir) => at('localAppData', 'Microsoft', dir, 'User Data')),
    },
    caches: {
      linux: [...LINUX_CHANNELS.map((dir) => at('xdgCache', dir)), flatpak('com.microsoft.Edge', 'cache', 'microsoft-edge')],
      darwin: MAC_CHANNELS.map((dir) => at('library', 'Caches', dir)),
    },
    savedState: [at('library', 'Saved Application State', 'com.microsoft.edgemac*.savedState')],
  }),
};
