/** Recently used files, folders, servers and jump lists kept by the desktop. */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, rules, snap } from '../location.js';

export const recent: CatalogEntry = {
  id: 'recent',
  name: 'Recent items',
  kind: 'os',
  processNames: {},
  areas: [
    {
      roots: {
        linux: [
          at('xdgData', 'recently-used.xbel'), // GTK (GNOME, Xfce, Cinnamon, MATE), a file
          at('xdgData', 'RecentDocuments'), // KDE: one .desktop per recent file
          at('xdgData', 'kactivitymanagerd', 'resources'), // KDE activity database of used files
          at('xdgData', 'zeitgeist'), // Zeitgeist activity log (older GNOME, Unity)
          // GTK apps in a sandbox write their own list in their private data dir.
          flatpak('*', 'data', 'recently-used.xbel'),
          snap('*', '*', '.local', 'share', 'recently-used.xbel'),
        ],
        win32: [at('appData', 'Microsoft', 'Office', 'Recent')],
      },
      rules: [],
      keep: [],
      residual: 'recent',
    },
    {
      // Recent Items shortcuts (*.lnk) and the taskbar jump lists; the two jump-list folders
      // themselves stay, their contents go.
      roots: { win32: [at('appData', 'Microsoft', 'Windows', 'Recent')] },
      rules: rules('recent', 'AutomaticDestinations/*', 'CustomDestinations/*'),
      keep: ['desktop.ini'],
      residual: 'recent',
    },
    {
      // macOS shared file lists: RecentDocuments, RecentApplications, RecentServers, RecentHosts
      // (.sfl/.sfl2/.sfl3) and the per-application recent documents. Left alone: the Finder
      // sidebar lists (FavoriteItems, FavoriteVolumes, ProjectsItems, iCloudItems), which IT sets
      // up and which only point at folders; a patron's favourite points into a wiped home folder.
      roots: { darwin: [at('library', 'Application Support', 'com.apple.sharedfilelist')] },
      rules: rules('recent', 'com.apple.LSSharedFileList.Recent*', 'com.apple.LSSharedFileList.ApplicationRecentDocuments/*'),
      keep: [],
      residual: null,
    },
  ],
};
