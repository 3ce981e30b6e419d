/**
 * Firefox (release, ESR, Developer Edition, Nightly share the layout). Profiles are found by
 * `profiles.ini`, with folder names as a fallback: `Profiles/*` on Windows and macOS,
 * `<salt>.default*` on Linux. Linux has the classic ~/.mozilla/firefox and, since Firefox
 * follows XDG, ~/.config/mozilla/firefox (the ESR crash reporter also writes
 * ~/.config/mozilla/firefox-esr). The disk cache is a separate tree per profile.
 */
import type { CatalogEntry } from '../schema.js';
import { at, flatpak, snap } from '../location.js';
import { FIREFOX_KEEP, FIREFOX_KEEP_MANAGED, FIREFOX_PROFILE_RULES, FIREFOX_ROOT_RULES } from './firefox-rules.js';

const FLATPAK = 'org.mozilla.firefox';

export const firefox: CatalogEntry = {
  id: 'firefox',
  name: 'Mozilla Firefox',
  kind: 'browser',
  processNames: {
    linux: ['firefox', 'firefox-esr', 'firefox-bin'],
    darwin: ['firefox'],
    win32: ['firefox.exe'],
  },
  areas: [
    {
      roots: {
        linux: [
          at('home', '.mozilla', 'firefox'),
          at('xdgConfig', 'mozilla', 'firefox'),
          at('xdgConfig', 'mozilla', 'firefox-esr'),
          snap('firefox', 'common', '.mozilla', 'firefox'),
          // The Flatpak persists ~/.mozilla inside its sandbox folder; newer builds use XDG config.
          flatpak(FLATPAK, '.mozilla', 'firefox'),
          flatpak(FLATPAK, 'config', 'mozilla', 'firefox'),
        ],
        darwin: [at('library', 'Application Support', 'Firefox')],
        // The Microsoft Store package keeps its roaming folder in the package's virtualized LocalCache.
        win32: [
          at('appData', 'Mozilla', 'Firefox'),
          at('localAppData', 'Packages', 'Mozilla.Firefox_n80bbvh6b1yt2', 'LocalCache', 'Roaming', 'Mozilla', 'Firefox'),
        ],
      },
      profiles: { dirs: ['Profiles/*', '*.default*'], root: false, profilesIni: true },
      rules: FIREFOX_PROFILE_RULES,
      rootRules: FIREFOX_ROOT_RULES,
      keep: FIREFOX_KEEP,
      keepManaged: FIREFOX_KEEP_MANAGED,
      residual: 'site-data',
    },
    {
      // One folder per profile (cache2, startupCache, thumbnails, jumpListCache, ...): all cache.
      roots: {
        linux: [
          at('xdgCache', 'mozilla', 'firefox'),
          snap('firefox', 'common', '.cache', 'mozilla', 'firefox'),
          flatpak(FLATPAK, 'cache', 'mozilla', 'firefox'),
        ],
        darwin: [at('library', 'Caches', 'Firefox')],
        win32: [
          at('localAppData', 'Mozilla', 'Firefox', 'Profiles'),
          at('localAppData', 'Packages', 'Mozilla.Firefox_n80bbvh6b1yt2', 'LocalCache', 'Local', 'Mozilla', 'Firefox', 'Profiles'),
        ],
      },
      rules: [],
      keep: [],
      residual: 'cache',
    },
    {
      roots: { darwin: [at('library', 'Saved Application State', 'org.mozilla.firefox*.savedState')] },
      rules: [],
      keep: [],
      residual: 'sessions',
    },
  ],
};
