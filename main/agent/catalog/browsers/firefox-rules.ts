/**
 * What a Firefox profile holds, by category (names from Firefox's profile documentation,
 * BleachBit's firefox.xml and real profiles). `*` covers the `-wal`/`-shm` companions and the
 * `.txt`/`.bin` variants of the same store. Unlisted entries go as the residual (`site-data`).
 */
import type { Rule } from '../schema.js';
import { rules } from '../location.js';

export const FIREFOX_PROFILE_RULES: Rule[] = [
  ...rules('cookies', 'cookies.sqlite*'),
  ...rules(
    'history',
    'places.sqlite*', // history and bookmarks (one database)
    'favicons.sqlite*',
    'bookmarkbackups',
    'protections.sqlite*',
    'bounce-tracking-protection.sqlite*',
    // Host lists of visited sites: HSTS state and alt-svc.
    'SiteSecurityServiceState*',
    'AlternateServices*',
  ),
  ...rules(
    'cache',
    'cache2',
    'startupCache',
    'OfflineCache',
    'shader-cache',
    'jumpListCache',
    'thumbnails',
    'safebrowsing*',
    'security_state',
    'settings',
    'gmp',
    'gmp-*',
    'domain_to_categories.sqlite*',
    'urlclassifier*',
  ),
  ...rules(
    'sessions',
    'sessionstore*', // sessionstore.jsonlz4, sessionstore-backups/, legacy sessionstore.js
    'sessionCheckpoints.json',
    'synced-tabs.db*',
    'xulstore.json',
    // Crash dumps hold page memory; telemetry pings describe the session.
    'crashes',
    'minidumps',
    'datareporting',
    'saved-telemetry-pings',
  ),
  ...rules(
    'passwords',
    'logins*.json', // logins.json, logins-backup.json
    'key4.db',
    'key3.db',
    'signons*.sqlite',
    'signedInUser.json',
    'credentialstate.sqlite*',
    'weave',
  ), // Firefox Sync data of the signed-in account
  ...rules('form-data', 'formhistory.sqlite*', 'autofill-profiles.json'),
  ...rules('downloads-history', 'downloads.sqlite*', 'downloads.json'),
  ...rules(
    'site-data',
    'storage',
    'storage.sqlite*',
    'storage-sync*.sqlite*',
    'webappsstore.sqlite*',
    'chromeappsstore.sqlite*',
    'permissions.sqlite*',
    'content-prefs.sqlite*',
    'serviceworker.txt',
    'notificationstore.json',
    'handlers.json',
    'containers.json',
    'cert_override.txt',
    'ClientAuthRememberList*',
    'cert9.db',
    'cert8.db',
    'extensions',
    'extension-store*',
    'browser-extension-data',
    'extensions.json',
    'extension-preferences.json',
    'extension-settings.json',
    'addons.json',
    'addonStartup.json.lz4',
    'search.json.mozlz4',
    // Per-site settings and the patron's own choices (download folder, home page, ...).
    'prefs.js',
  ),
];

/** Entries of the Firefox folder itself, beside `profiles.ini`. */
export const FIREFOX_ROOT_RULES: Rule[] = [
  ...rules('sessions', 'Crash Reports', 'Pending Pings'),
  // Firefox 13x profile selector: profile names and avatars, which a patron may have chosen.
  ...rules('sessions', 'Profile Groups'),
];

/**
 * What survives clean mode:
 * - `profiles.ini`, `installs.ini`: which folder is the default profile of this installation.
 *   Without them Firefox makes a new random profile folder, and IT's `user.js` and `chrome/`
 *   (below) would sit unused in the old one. Caveat: a profile a patron created in
 *   about:profiles leaves its name in profiles.ini (its folder is still wiped).
 * - `user.js`: IT's preferences, re-applied at every start; Firefox only reads it.
 * - `chrome`: IT's userChrome.css / userContent.css customisation; Firefox only reads it, a
 *   patron cannot write it from the browser.
 * The ini files are kept only as plain files with relative profile paths; `user.js` and
 * `chrome` only when IT's (root-owned, not writable by others): a patron's own `user.js`
 * (a proxy for the next patron) or `chrome` folder goes (wipe/keep-check.ts).
 * `prefs.js`, `times.json`, `compatibility.ini` are not kept: Firefox rewrites them, and prefs.js
 * records patron choices.
 */
export const FIREFOX_KEEP = ['profiles.ini', 'installs.ini'];
export const FIREFOX_KEEP_MANAGED = ['user.js', 'chrome'];
