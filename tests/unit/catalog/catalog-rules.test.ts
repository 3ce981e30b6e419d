/** Categories, keeps and rule order of the catalogue: what clean mode will delete, and as what. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_CATEGORIES, BROWSER_CATEGORIES, OS_CATEGORIES } from '../../../protocol/categories.js';
import { CATALOG, catalogEntry } from '../../../main/agent/catalog/index.js';
import type { Area, CatalogEntry } from '../../../main/agent/catalog/schema.js';
import { firstRule, globMatches } from './glob.js';

const browserCategories: readonly string[] = BROWSER_CATEGORIES;

const categoriesOf = (area: Area): string[] =>
  [...area.rules, ...(area.rootRules ?? [])].map((r) => r.category).concat(area.residual ? [area.residual] : []);

test('browser entries use browser categories; OS entries only their own category', () => {
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const category of categoriesOf(area)) {
        if (entry.kind === 'browser') {
          assert.ok(browserCategories.includes(category), `${entry.id}: ${category} is not a browser category`);
        } else if (entry.kind === 'app') {
          // Applications' data, and the recent lists some of them keep as preferences.
          assert.ok(category === 'app-data' || category === 'recent', `${entry.id}: app entries use app-data, got ${category}`);
        } else {
          assert.ok([...OS_CATEGORIES, ...APP_CATEGORIES].includes(entry.id as never), `${entry.id} is not an OS category`);
          assert.equal(category, entry.id, `${entry.id}: rule or residual of category ${category}`);
        }
      }
    }
  }
});

/** Files and folders known to hold patron data, in every browser and OS area. */
const PATRON_DATA = [
  'History',
  'History-journal',
  'Cookies',
  'Network/Cookies',
  'Preferences',
  'Secure Preferences',
  'Local State',
  'Login Data',
  'Login Data For Account',
  'Web Data',
  'Bookmarks',
  'Sessions',
  'Current Session',
  'Top Sites',
  'Visited Links',
  'Favicons',
  'Shortcuts',
  'IndexedDB',
  'Local Storage',
  'Session Storage',
  'Service Worker',
  'Sync Data',
  'Extension State',
  'Local Extension Settings',
  'QuotaManager',
  'TransportSecurity',
  'Network Persistent State',
  'segmentation_platform',
  'DIPS',
  'Custom Dictionary.txt',
  'Policy',
  'Policy/User Policy',
  'places.sqlite',
  'places.sqlite-wal',
  'prefs.js',
  'cookies.sqlite',
  'sessionstore.jsonlz4',
  'sessionstore-backups',
  'logins.json',
  'key4.db',
  'formhistory.sqlite',
  'permissions.sqlite',
  'storage.sqlite',
  'storage',
  'bounce-tracking-protection.sqlite',
  'content-prefs.sqlite',
  'webappsstore.sqlite',
  'cert_override.txt',
  'History.db',
  'Cookies.binarycookies',
  'LastSession.plist',
  'Downloads.plist',
  'Form Values',
  'recently-used.xbel',
  'thumbcache_256.db',
  'report.docx',
  'photo.jpg',
  '.DS_Store',
  'files',
  'info',
  '$RABC123.docx',
];

test('keep patterns never match a known patron-data name, and are never wildcards alone', () => {
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const keep of area.keep) {
        assert.ok(
          keep.split('/').every((s) => s.replace(/\*/g, '').length >= 3),
          `${entry.id}: keep ${keep} is too broad`,
        );
        for (const name of PATRON_DATA) {
          assert.ok(!globMatches(keep, name), `${entry.id}: keep ${keep} would spare ${name}`);
        }
        // A kept name must not also be something a rule of the same area deletes.
        const rule = firstRule([...area.rules, ...(area.rootRules ?? [])], keep.replace(/\*/g, 'x'));
        assert.equal(rule, undefined, `${entry.id}: keep ${keep} is also matched by rule ${rule?.match}`);
      }
    }
  }
});

test('the keep list is the reviewed one', () => {
  // Adding a keep must be a deliberate decision: update this list with a justification in the entry.
  const allowed = new Set([
    'First Run',
    'Last Version',
    'Last Browser',
    'Policy/Enrollment',
    'Policy/Machine Level User Cloud Policy*',
    'profiles.ini',
    'installs.ini',
    'user.js',
    'chrome',
    'desktop.ini',
    '.localized',
    'My Music',
    'My Pictures',
    'My Videos',
  ]);
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const keep of [...area.keep, ...(area.keepManaged ?? [])]) assert.ok(allowed.has(keep), `${entry.id}: unreviewed keep ${keep}`);
    }
  }
});

test('no rule is shadowed by an identical earlier pattern; residual-null areas have rules', () => {
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const list of [area.rules, area.rootRules ?? []]) {
        const seen = new Set<string>();
        for (const rule of list) {
          const k = rule.match.toLowerCase();
          assert.ok(!seen.has(k), `${entry.id}: rule ${rule.match} appears twice`);
          seen.add(k);
        }
      }
      if (area.residual === null) assert.ok(area.rules.length > 0, `${entry.id}: an area with no rule and no residual does nothing`);
    }
  }
});

const userDataArea = (entry: CatalogEntry): Area => {
  const area = entry.areas.find((a) => a.profiles);
  assert.ok(area, `${entry.id} has no profile area`);
  return area;
};

const CHROMIUM_EXPECTED: Record<string, string> = {
  History: 'history',
  'History-journal': 'history',
  Favicons: 'history',
  'Top Sites': 'history',
  Bookmarks: 'history',
  TransportSecurity: 'history',
  'Network/TransportSecurity': 'history',
  DIPS: 'history',
  Cookies: 'cookies',
  'Cookies-journal': 'cookies',
  'Network/Cookies': 'cookies',
  'Extension Cookies': 'cookies',
  Cache: 'cache',
  'Code Cache': 'cache',
  GPUCache: 'cache',
  'Shared Dictionary': 'cache',
  Sessions: 'sessions',
  'Current Session': 'sessions',
  'Login Data': 'passwords',
  'Login Data For Account': 'passwords',
  'Web Data': 'form-data',
  'Custom Dictionary.txt': 'form-data',
  DownloadMetadata: 'downloads-history',
  IndexedDB: 'site-data',
  'Local Storage': 'site-data',
  'Service Worker': 'site-data',
  Preferences: 'site-data',
  'Secure Preferences': 'site-data',
  'Network/Reporting and NEL': 'site-data',
  QuotaManager: 'site-data',
};
const CHROMIUM_ROOT_EXPECTED: Record<string, string> = {
  'Local State': 'sessions',
  Crashpad: 'sessions',
  GrShaderCache: 'cache',
  ShaderCache: 'cache',
  GraphiteDawnCache: 'cache',
  'Safe Browsing': 'cache',
  WidevineCdm: 'cache',
  segmentation_platform: 'history',
};

test('Chromium-family profiles: each known file gets its category (first match wins)', () => {
  for (const id of ['chrome', 'chromium', 'edge', 'brave', 'opera', 'vivaldi']) {
    const area = userDataArea(catalogEntry(id) as CatalogEntry);
    const rootRules = area.profiles?.root ? area.rules : (area.rootRules ?? []);
    for (const [name, category] of Object.entries(CHROMIUM_EXPECTED)) {
      assert.equal(firstRule(area.rules, name)?.category, category, `${id}: ${name}`);
    }
    for (const [name, category] of Object.entries(CHROMIUM_ROOT_EXPECTED)) {
      assert.equal(firstRule(rootRules, name)?.category, category, `${id}: root ${name}`);
    }
    assert.ok(area.keep.includes('First Run') && area.residual === 'site-data', id);
  }
  const opera = userDataArea(catalogEntry('opera') as CatalogEntry);
  assert.ok(opera.profiles?.root && opera.profiles.dirs.includes('_side_profiles/*'), 'Opera: root profile + side profiles');
});

test('Firefox profiles: each known file gets its category', () => {
  const area = userDataArea(catalogEntry('firefox') as CatalogEntry);
  assert.ok(area.profiles?.profilesIni, 'Firefox reads profiles.ini');
  const expected: Record<string, string> = {
    'places.sqlite': 'history',
    'places.sqlite-wal': 'history',
    'favicons.sqlite': 'history',
    'SiteSecurityServiceState.bin': 'history',
    'bounce-tracking-protection.sqlite': 'history',
    'cookies.sqlite': 'cookies',
    'cookies.sqlite-wal': 'cookies',
    cache2: 'cache',
    startupCache: 'cache',
    'sessionstore.jsonlz4': 'sessions',
    'sessionstore-backups': 'sessions',
    'logins.json': 'passwords',
    'logins-backup.json': 'passwords',
    'key4.db': 'passwords',
    'formhistory.sqlite': 'form-data',
    'downloads.sqlite': 'downloads-history',
    storage: 'site-data',
    'storage.sqlite': 'site-data',
    'permissions.sqlite': 'site-data',
    'prefs.js': 'site-data',
    'webappsstore.sqlite': 'site-data',
  };
  for (const [name, category] of Object.entries(expected)) {
    assert.equal(firstRule(area.rules, name)?.category, category, `firefox: ${name}`);
  }
  assert.equal(firstRule(area.rootRules ?? [], 'Crash Reports')?.category, 'sessions');
});

test('OS areas: jump lists, shared file lists, thumbnail caches and trash contents are matched', () => {
  const areaRules = (id: string) => (catalogEntry(id) as CatalogEntry).areas.flatMap((a) => a.rules);
  assert.ok(firstRule(areaRules('recent'), 'AutomaticDestinations/5f7b5f1e01b83767.automaticDestinations-ms'));
  assert.ok(firstRule(areaRules('recent'), 'com.apple.LSSharedFileList.RecentDocuments.sfl3'));
  assert.equal(firstRule(areaRules('recent'), 'com.apple.LSSharedFileList.FavoriteItems.sfl3'), undefined);
  assert.ok(firstRule(areaRules('thumbnails'), 'thumbcache_1280.db'));
  assert.ok(firstRule(areaRules('thumbnails'), 'iconcache_48.db'));
  assert.ok(firstRule(areaRules('trash'), 'files/report.docx', false));
  assert.equal(firstRule(areaRules('trash'), 'files', false), undefined, 'the files/ folder itself stays');
});
