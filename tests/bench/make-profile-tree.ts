/**
 * Builds a realistic patron home for the wipe benchmark: Chromium (Default + Profile 1) with its
 * Linux disk cache under ~/.cache/chromium, a Firefox profile with its cache2 under
 * ~/.cache/mozilla/firefox/<profile>, and a few downloads. File names follow the real layouts
 * (simple-cache `<16 hex>_0` entries, Firefox `<40 hex>` entries, leveldb `000003.log`, ...).
 *
 * Deterministic (seeded PRNG): two calls with the same home layout write identical trees.
 * Writes are synchronous from one shared buffer, so a 100,000-file tree takes seconds.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export interface TreeStats {
  files: number;
  bytes: number;
}

const CHUNK = 1 << 20;
/** One MiB of non-zero, not trivially compressible bytes, shared by every write. */
const DATA = (() => {
  const buf = Buffer.allocUnsafe(CHUNK);
  let x = 0x2545f491;
  for (let i = 0; i < CHUNK; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
})();

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  readonly stats: TreeStats = { files: 0, bytes: 0 };
  readonly random: () => number;

  constructor(seed: number) {
    this.random = rng(seed);
  }

  dir(p: string): string {
    mkdirSync(p, { recursive: true });
    return p;
  }

  file(p: string, size: number): void {
    if (size <= CHUNK) {
      writeFileSync(p, DATA.subarray(0, size));
    } else {
      const fd = openSync(p, 'w');
      try {
        for (let left = size; left > 0; left -= CHUNK) writeSync(fd, DATA, 0, Math.min(CHUNK, left));
      } finally {
        closeSync(fd);
      }
    }
    this.stats.files += 1;
    this.stats.bytes += size;
  }

  hex(chars: number): string {
    let s = '';
    while (s.length < chars)
      s += Math.floor(this.random() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return s.slice(0, chars);
  }

  between(lo: number, hi: number): number {
    return Math.floor(lo + this.random() * (hi - lo));
  }

  /**
   * A browser cache entry size: mostly small (headers + small resources), some scripts and
   * images, a few media chunks. `bigShare` is the share of 1–4 MiB entries.
   */
  cacheSize(bigShare: number, small = false): number {
    const r = this.random();
    if (r < bigShare) return this.between(1 << 20, 4 << 20);
    if (small) {
      // A long session's cache: mostly headers, icons and small scripts (mean ~11 KiB).
      if (r < 0.7) return this.between(1 << 10, 8 << 10);
      if (r < 0.97) return this.between(8 << 10, 32 << 10);
      return this.between(32 << 10, 128 << 10);
    }
    if (r < 0.55) return this.between(1 << 10, 8 << 10);
    if (r < 0.9) return this.between(8 << 10, 50 << 10);
    return this.between(50 << 10, 300 << 10);
  }
}

export interface ProfileSetOptions {
  /** Chromium simple-cache entries per profile: [Default, Profile 1]. */
  chromiumCache: [number, number];
  /** Firefox cache2/entries files. */
  firefoxCache: number;
  /** Service Worker CacheStorage: origins × entries per origin, per Chromium profile. */
  serviceWorker: [number, number];
  /** Share of 1–4 MiB cache entries. */
  bigShare: number;
  /** Smaller cache entries (keeps the heavy tree near 1.3 GiB: its point is the file count). */
  small: boolean;
  /** Total size of ~/Downloads. */
  downloadBytes: number;
  /**
   * Chromium-family browsers as [config dir, cache dir] under the home, each with its profiles
   * (default: Chromium with Default and Profile 1, the sizes from `chromiumCache`).
   */
  chromiumBrowsers?: Array<{ config: string; cache: string; profiles: Array<[string, number]> }>;
}

export const REALISTIC: ProfileSetOptions = {
  chromiumCache: [1400, 600],
  firefoxCache: 2000,
  serviceWorker: [3, 40],
  bigShare: 0.01,
  small: false,
  downloadBytes: 30 << 20,
};

/** One patron, one ordinary session, five browsers: ~950 files, ~25 MiB. */
export const TYPICAL: ProfileSetOptions = {
  chromiumCache: [40, 0],
  firefoxCache: 100,
  serviceWorker: [1, 10],
  bigShare: 0.01,
  small: false,
  downloadBytes: 5 << 20,
  chromiumBrowsers: [
    { config: '.config/chromium', cache: '.cache/chromium', profiles: [['Default', 40]] },
    { config: '.config/google-chrome', cache: '.cache/google-chrome', profiles: [['Default', 40]] },
    { config: '.config/microsoft-edge', cache: '.cache/microsoft-edge', profiles: [['Default', 40]] },
    { config: '.config/BraveSoftware/Brave-Browser', cache: '.cache/BraveSoftware/Brave-Browser', profiles: [['Default', 40]] },
  ],
};

export const HEAVY: ProfileSetOptions = {
  chromiumCache: [45000, 15000],
  firefoxCache: 40000,
  serviceWorker: [25, 200],
  bigShare: 0.0005,
  small: true,
  downloadBytes: 30 << 20,
};

function chromiumProfile(
  w: Writer,
  config: string,
  cache: string,
  name: string,
  entries: number,
  sw: [number, number],
  bigShare: number,
  small: boolean,
): void {
  const p = w.dir(path.join(config, name));
  w.file(path.join(p, 'History'), 1 << 20);
  w.file(path.join(p, 'History-journal'), 0);
  w.file(path.join(p, 'Cookies'), 256 << 10);
  w.file(path.join(p, 'Cookies-journal'), 0);
  w.file(path.join(p, 'Web Data'), 192 << 10);
  w.file(path.join(p, 'Login Data'), 48 << 10);
  w.file(path.join(p, 'Favicons'), 512 << 10);
  w.file(path.join(p, 'Top Sites'), 20 << 10);
  w.file(path.join(p, 'Visited Links'), 128 << 10);
  w.file(path.join(p, 'Preferences'), 24 << 10);
  w.file(path.join(p, 'Secure Preferences'), 16 << 10);
  w.file(path.join(p, 'Bookmarks'), 4 << 10);

  const leveldb = (dir: string, logs: number) => {
    w.dir(dir);
    w.file(path.join(dir, 'CURRENT'), 16);
    w.file(path.join(dir, 'LOCK'), 0);
    w.file(path.join(dir, 'LOG'), 2 << 10);
    w.file(path.join(dir, 'LOG.old'), 2 << 10);
    w.file(path.join(dir, 'MANIFEST-000001'), 1 << 10);
    for (let i = 0; i < logs; i++) w.file(path.join(dir, `${String(3 + 2 * i).padStart(6, '0')}.ldb`), w.between(4 << 10, 200 << 10));
    w.file(path.join(dir, '000099.log'), w.between(16 << 10, 400 << 10));
  };
  w.dir(path.join(p, 'Local Storage'));
  leveldb(path.join(p, 'Local Storage', 'leveldb'), 3);
  w.dir(path.join(p, 'Session Storage'));
  leveldb(path.join(p, 'Session Storage'), 1);

  w.dir(path.join(p, 'IndexedDB'));
  for (const origin of ['https_www.youtube.com_0', 'https_mail.google.com_0', 'https_docs.google.com_0', 'https_web.whatsapp.com_0']) {
    leveldb(path.join(p, 'IndexedDB', `${origin}.indexeddb.leveldb`), 2);
    const blob = w.dir(path.join(p, 'IndexedDB', `${origin}.indexeddb.blob`, '1', '00'));
    for (let i = 1; i <= 5; i++) w.file(path.join(blob, String(i)), w.between(2 << 10, 120 << 10));
  }

  // Service Worker: registration database, script cache, and CacheStorage per origin.
  const swDir = w.dir(path.join(p, 'Service Worker'));
  leveldb(path.join(swDir, 'Database'), 1);
  const scripts = w.dir(path.join(swDir, 'ScriptCache'));
  w.file(path.join(scripts, 'index'), 24);
  for (let i = 0; i < 20; i++) w.file(path.join(scripts, `${w.hex(16)}_0`), w.between(4 << 10, 200 << 10));
  const storage = w.dir(path.join(swDir, 'CacheStorage'));
  for (let o = 0; o < sw[0]; o++) {
    const origin = w.dir(path.join(storage, w.hex(40)));
    w.file(path.join(origin, 'index.txt'), 256);
    const cache = w.dir(path.join(origin, `${w.hex(8)}-${w.hex(4)}-${w.hex(4)}-${w.hex(4)}-${w.hex(12)}`));
    w.file(path.join(cache, 'index'), 24);
    const indexDir = w.dir(path.join(cache, 'index-dir'));
    w.file(path.join(indexDir, 'the-real-index'), 4 << 10);
    for (let i = 0; i < sw[1]; i++) w.file(path.join(cache, `${w.hex(16)}_0`), w.cacheSize(0, small));
  }

  const gpu = w.dir(path.join(p, 'GPUCache'));
  for (const f of ['index', 'data_0', 'data_1', 'data_2', 'data_3']) w.file(path.join(gpu, f), w.between(8 << 10, 270 << 10));

  // The Linux disk cache: $XDG_CACHE_HOME/chromium/<profile>/{Cache,Code Cache}.
  const cp = w.dir(path.join(cache, name));
  const data = w.dir(path.join(cp, 'Cache', 'Cache_Data'));
  w.file(path.join(data, 'index'), 24);
  const idx = w.dir(path.join(data, 'index-dir'));
  w.file(path.join(idx, 'the-real-index'), 64 << 10);
  for (let i = 0; i < entries; i++) w.file(path.join(data, `${w.hex(16)}_0`), w.cacheSize(bigShare, small));
  const js = w.dir(path.join(cp, 'Code Cache', 'js'));
  w.file(path.join(js, 'index'), 24);
  w.dir(path.join(js, 'index-dir'));
  w.file(path.join(js, 'index-dir', 'the-real-index'), 8 << 10);
  for (let i = 0; i < Math.max(20, Math.round(entries / 8)); i++) w.file(path.join(js, `${w.hex(16)}_0`), w.between(2 << 10, 90 << 10));
  const wasm = w.dir(path.join(cp, 'Code Cache', 'wasm'));
  w.file(path.join(wasm, 'index'), 24);
  for (let i = 0; i < 5; i++) w.file(path.join(wasm, `${w.hex(16)}_0`), w.between(20 << 10, 400 << 10));
}

function build(home: string, options: ProfileSetOptions): TreeStats {
  const w = new Writer(0x7ab01a);
  // e.g. ~/.config/chromium (User Data) and ~/.cache/chromium (its disk cache).
  const browsers = options.chromiumBrowsers ?? [
    {
      config: '.config/chromium',
      cache: '.cache/chromium',
      profiles: [
        ['Default', options.chromiumCache[0]],
        ['Profile 1', options.chromiumCache[1]],
      ] as Array<[string, number]>,
    },
  ];
  for (const browser of browsers) {
    const config = w.dir(path.join(home, ...browser.config.split('/')));
    const cache = w.dir(path.join(home, ...browser.cache.split('/')));
    w.file(path.join(config, 'Local State'), 12 << 10);
    w.file(path.join(config, 'First Run'), 0);
    w.file(path.join(config, 'Last Version'), 14);
    for (const [name, entries] of browser.profiles) {
      chromiumProfile(w, config, cache, name, entries, options.serviceWorker, options.bigShare, options.small);
    }
  }

  // Firefox: ~/.mozilla/firefox/<salt>.default-release and its cache tree.
  const profileName = 'k3x9q2lm.default-release';
  const ff = w.dir(path.join(home, '.mozilla', 'firefox'));
  w.file(path.join(ff, 'installs.ini'), 80);
  writeFileSync(
    path.join(ff, 'profiles.ini'),
    `[Profile0]\nName=default-release\nIsRelative=1\nPath=${profileName}\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n`,
  );
  w.stats.files += 1;
  const fp = w.dir(path.join(ff, profileName));
  for (const [name, size] of [
    ['places.sqlite', 5 << 20],
    ['places.sqlite-wal', 512 << 10],
    ['favicons.sqlite', 2 << 20],
    ['cookies.sqlite', 512 << 10],
    ['cookies.sqlite-wal', 128 << 10],
    ['formhistory.sqlite', 256 << 10],
    ['permissions.sqlite', 96 << 10],
    ['content-prefs.sqlite', 224 << 10],
    ['webappsstore.sqlite', 96 << 10],
    ['key4.db', 288 << 10],
    ['logins.json', 2 << 10],
    ['cert9.db', 224 << 10],
    ['prefs.js', 12 << 10],
    ['sessionstore.jsonlz4', 40 << 10],
    ['xulstore.json', 1 << 10],
    ['extensions.json', 36 << 10],
    ['addonStartup.json.lz4', 4 << 10],
    ['search.json.mozlz4', 8 << 10],
    ['storage.sqlite', 4 << 10],
    ['SiteSecurityServiceState.bin', 4 << 10],
    ['times.json', 60],
  ] as const)
    w.file(path.join(fp, name), size);
  const backups = w.dir(path.join(fp, 'sessionstore-backups'));
  w.file(path.join(backups, 'recovery.jsonlz4'), 40 << 10);
  w.file(path.join(backups, 'recovery.baklz4'), 40 << 10);
  const bookmarks = w.dir(path.join(fp, 'bookmarkbackups'));
  w.file(path.join(bookmarks, 'bookmarks-2025-01-01_12_abc.jsonlz4'), 2 << 10);
  const st = w.dir(path.join(fp, 'storage', 'default'));
  for (const origin of ['https+++www.youtube.com', 'https+++mail.google.com', 'https+++www.bbc.co.uk']) {
    const ls = w.dir(path.join(st, origin, 'ls'));
    w.file(path.join(ls, 'data.sqlite'), w.between(4 << 10, 64 << 10));
    w.file(path.join(ls, 'usage'), 12);
    const idb = w.dir(path.join(st, origin, 'idb'));
    w.file(path.join(idb, `${w.between(1000000, 9999999)}yCt7-%iCt7-%fDn.sqlite`), w.between(48 << 10, 1 << 20));
  }

  // ~/.cache/mozilla/firefox/<profile>: cache2 (entries, doomed, index) and startupCache.
  const fc = w.dir(path.join(home, '.cache', 'mozilla', 'firefox', profileName));
  const c2 = w.dir(path.join(fc, 'cache2'));
  w.file(path.join(c2, 'index'), 64 << 10);
  w.dir(path.join(c2, 'doomed'));
  const entries = w.dir(path.join(c2, 'entries'));
  for (let i = 0; i < options.firefoxCache; i++)
    w.file(path.join(entries, w.hex(40).toUpperCase()), w.cacheSize(options.bigShare, options.small));
  const sc = w.dir(path.join(fc, 'startupCache'));
  w.file(path.join(sc, 'scriptCache-current.bin'), 3 << 20);
  w.file(path.join(sc, 'startupCache.8.little'), 6 << 20);

  // ~/Downloads: a few documents and one larger file.
  const dl = w.dir(path.join(home, 'Downloads'));
  const docs = ['boarding-pass.pdf', 'CV_2025.docx', 'bank-statement-march.pdf', 'tax-form.pdf', 'photo.jpg'];
  let left = options.downloadBytes;
  for (const name of docs) {
    const size = Math.min(left, w.between(200 << 10, 3 << 20));
    w.file(path.join(dl, name), size);
    left -= size;
  }
  if (left > 0) w.file(path.join(dl, 'installer.zip'), left);
  return w.stats;
}

/** A patron home after an ordinary session: ~4,800 files (4,000 of them cache), ~290 MiB with downloads. */
export function makeRealisticProfileSet(home: string): TreeStats {
  return build(home, REALISTIC);
}

/** One ordinary session in five browsers (Chromium, Chrome, Edge, Brave, Firefox): ~950 files. */
export function makeTypicalProfileSet(home: string): TreeStats {
  return build(home, TYPICAL);
}

/** The same, after heavy browsing: ~118,000 files (over 100,000 of them cache), ~1.3 GiB. */
export function makeHeavyProfileSet(home: string): TreeStats {
  return build(home, HEAVY);
}
