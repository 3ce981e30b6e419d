/**
 * Viewers, players and meeting apps: their recent-file lists, playlists, thumbnails, sign-ins and
 * caches name what the patron opened or who they met. VLC (vlc-qt-interface.conf recent list,
 * ml.xspf), Evince (recent and per-document state), GIMP (sessionrc, documents list), Adobe
 * Acrobat Reader, Zoom, Microsoft Teams (classic and new).
 */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak } from '../location.js';

export const mediaApps: CatalogEntry = {
  id: 'media-apps',
  name: 'Viewers, players and meeting apps',
  kind: 'app',
  processNames: {},
  areas: [
    {
      roots: {
        linux: [
          at('xdgConfig', 'vlc'),
          at('xdgData', 'vlc'),
          at('xdgCache', 'vlc'),
          flatpak('org.videolan.VLC', 'config', 'vlc'),
          at('xdgData', 'evince'),
          at('xdgConfig', 'evince'),
          at('xdgCache', 'evince'),
          at('xdgConfig', 'GIMP'),
          at('xdgCache', 'gimp'),
          flatpak('org.gimp.GIMP', 'config', 'GIMP'),
          at('home', '.adobe'),
          at('home', '.zoom'),
          at('xdgConfig', 'zoomus.conf'),
          at('xdgConfig', 'zoom.conf'),
          at('xdgConfig', 'Microsoft', 'Microsoft Teams'),
          at('xdgConfig', 'teams-for-linux'),
        ],
        darwin: [
          at('library', 'Preferences', 'org.videolan.vlc'),
          at('library', 'Application Support', 'org.videolan.vlc'),
          at('library', 'Application Support', 'GIMP'),
          at('library', 'Application Support', 'zoom.us'),
          at('library', 'Caches', 'us.zoom.xos'),
          at('library', 'Application Support', 'Microsoft', 'Teams'),
          at('library', 'Containers', 'com.microsoft.teams2'),
          at('library', 'Application Support', 'Adobe', 'Acrobat'),
        ],
        win32: [
          at('appData', 'vlc'),
          at('appData', 'GIMP'),
          at('appData', 'Adobe', 'Acrobat'),
          at('localAppData', 'Adobe', 'Acrobat'),
          at('appData', 'Zoom'),
          at('localAppData', 'Zoom'),
          at('appData', 'Microsoft', 'Teams'),
          at('localAppData', 'Packages', 'MSTeams_8wekyb3d8bbwe'),
        ],
      },
      rules: [],
      keep: [],
      residual: 'app-data',
    },
  ],
};
