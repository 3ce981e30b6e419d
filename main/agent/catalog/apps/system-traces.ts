/**
 * Traces the desktop itself keeps of what the patron did, beyond the recent lists (os/recent.ts):
 * - Windows: the WinINet caches and cookies (INetCache, INetCookies, WebCache: also used by apps
 *   that embed the old engine), the Timeline database (ConnectedDevicesPlatform's
 *   ActivitiesCache.db), the pinned clipboard, Error Reporting queues and user crash dumps (memory
 *   of the patron's programs), every other app's WebView2 profile (`EBWebView`), and LocalLow
 *   (low-integrity app data: Java and Unity caches, sandboxed browser parts).
 * - macOS: Saved Application State of every app (window contents at quit), Autosave
 *   Information (unsaved documents), the download quarantine log (QuarantineEventsV2: URLs of
 *   every file downloaded), per-app recent-item lists, and the user's CoreSpotlight index.
 * - Linux: GVfs metadata (per-file attributes such as Evince's last page), Tracker's index.
 */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';

export const systemTraces: CatalogEntry = {
  id: 'system-traces',
  name: 'Desktop activity traces',
  kind: 'app',
  processNames: {},
  areas: [
    {
      roots: {
        win32: [
          at('localAppData', 'Microsoft', 'Windows', 'INetCache'),
          at('localAppData', 'Microsoft', 'Windows', 'INetCookies'),
          at('localAppData', 'Microsoft', 'Windows', 'WebCache'),
          at('localAppData', 'ConnectedDevicesPlatform'),
          at('localAppData', 'Microsoft', 'Windows', 'Clipboard'),
          at('localAppData', 'Microsoft', 'Windows', 'WER'),
          at('localAppData', 'CrashDumps'),
          at('localAppData', '*', 'EBWebView'),
          at('localAppData', 'Packages', '*', 'LocalState', 'EBWebView'),
          at('localLow'),
        ],
        darwin: [
          at('library', 'Saved Application State'),
          at('library', 'Autosave Information'),
          at('library', 'Preferences', 'com.apple.LaunchServices.QuarantineEventsV2'),
          at('library', 'Metadata', 'CoreSpotlight'),
        ],
        linux: [at('xdgData', 'gvfs-metadata'), at('xdgCache', 'tracker'), at('xdgCache', 'tracker3'), at('xdgData', 'tracker')],
      },
      rules: [],
      keep: [],
      residual: 'app-data',
    },
    {
      // Per-application recent documents of apps that keep them as a preference plist.
      roots: { darwin: [at('library', 'Preferences')] },
      rules: [{ match: '*.LSSharedFileList.plist', category: 'recent' }],
      keep: [],
      residual: null,
    },
  ],
};
