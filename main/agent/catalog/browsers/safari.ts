/**
 * Safari (macOS only). Data is spread over ~/Library/Safari (history, sessions, downloads list),
 * the app's sandbox container, ~/Library/WebKit and ~/Library/HTTPStorages (website data),
 * ~/Library/Caches and ~/Library/Cookies. Safari 17+ profiles live in `Profiles/<UUID>`.
 * Most of these folders are TCC-protected: the agent needs Full Disk Access.
 * Not covered here: saved passwords and credit cards live in the login keychain.
 */
import type { CatalogEntry } from '../schema.js';
import { at, rules } from '../location.js';

const CONTAINER = ['Containers', 'com.apple.Safari', 'Data', 'Library'];

const SAFARI_RULES = [
  ...rules(
    'history',
    'History.db*',
    'History.plist',
    'HistoryIndex.sk',
    'TopSites.plist',
    'Bookmarks.plist',
    'ReadingListArchives',
    'SearchDescriptions.plist',
    'KnownSitesUsingPlugIns.db*',
    'Favicon Cache',
    'Touch Icons Cache',
    'Template Icons',
    'WebpageIcons.db*',
  ),
  ...rules('sessions', 'LastSession.plist', 'RecentlyClosedTabs.plist', 'CloudTabs.db*', 'SafariTabs.db*', 'BrowserState.db*'),
  ...rules('downloads-history', 'Downloads.plist'),
  ...rules('form-data', 'Form Values', 'AutoFillCorrections.db*', 'CloudAutoFillCorrections.db*'),
  ...rules(
    'site-data',
    'Databases',
    'LocalStorage',
    'PerSitePreferences.db*',
    'PerSiteZoomPreferences.plist',
    'UserNotificationPermissions.plist',
    'Extensions',
    'WebFeedSources.plist',
  ),
];

export const safari: CatalogEntry = {
  id: 'safari',
  name: 'Safari',
  kind: 'browser',
  processNames: { darwin: ['Safari'] },
  areas: [
    {
      roots: { darwin: [at('library', 'Safari'), at('library', ...CONTAINER, 'Safari')] },
      profiles: { dirs: ['Profiles/*'], root: true, profilesIni: false },
      rules: SAFARI_RULES,
      keep: [],
      residual: 'site-data',
    },
    {
      roots: { darwin: [at('library', 'Caches', 'com.apple.Safari'), at('library', ...CONTAINER, 'Caches')] },
      rules: [],
      keep: [],
      residual: 'cache',
    },
    {
      // Cookies.binarycookies files (and NSURLSession cookie/HSTS stores) of Safari.
      roots: {
        darwin: [
          at('library', ...CONTAINER, 'Cookies'),
          at('library', ...CONTAINER, 'HTTPStorages'),
          at('library', 'HTTPStorages', 'com.apple.Safari*'),
          at('library', 'Cookies', 'Cookies.binarycookies'),
        ],
      },
      rules: [],
      keep: [],
      residual: 'cookies',
    },
    {
      // WebsiteData: IndexedDB, LocalStorage, service workers, media keys, per-profile stores.
      roots: { darwin: [at('library', 'WebKit', 'com.apple.Safari'), at('library', ...CONTAINER, 'WebKit')] },
      rules: [],
      keep: [],
      residual: 'site-data',
    },
    {
      roots: { darwin: [at('library', 'Saved Application State', 'com.apple.Safari.savedState')] },
      rules: [],
      keep: [],
      residual: 'sessions',
    },
  ],
};
