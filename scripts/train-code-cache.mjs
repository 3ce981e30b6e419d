#!/usr/bin/env node
// Part of `npm run build`, after scripts/bundle-agent.mjs: makes the agent bundle's V8 code cache,
// dist/main/agent/bundle/agent.cjs.cache, which the wipe commands compile the bundle with
// (main/agent/cli/agent-cli.ts). It runs the bundle once as `tabula wipe` of a small made-up home
// in a temp folder (five browsers' profiles with their caches, downloads, a recent-files list), then
// saves the bytecode of every function that wipe compiled. The cache fits the Node (V8) that built
// it; another one refuses it and compiles the bundle as without. When the training wipe cannot run
// or is not clean, the build goes on without a cache and says why.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { CODE_CACHE, codeCacheFile, loadBundle } = await import(pathToFileURL(path.join(ROOT, 'dist/main/agent/cli/agent-cli.js')).href);

/** A session in five browsers, as their profiles lay it out: what a typical wipe plans, moves, counts and deletes. */
const PROFILE = ['History', 'Cookies', 'Cookies-journal', 'Preferences', 'Web Data', 'Login Data', 'Favicons', 'Top Sites'];
const CHROMIUM_LIKE = ['chromium', 'google-chrome', 'microsoft-edge', 'BraveSoftware/Brave-Browser'];
const HOME_FILES = [
  ...CHROMIUM_LIKE.flatMap((b) => [
    ...PROFILE.map((f) => `.config/${b}/Default/${f}`),
    `.config/${b}/Default/Local Storage/leveldb/000003.log`,
    `.config/${b}/Default/IndexedDB/https_www.example.org_0.indexeddb.leveldb/LOG`,
    `.config/${b}/Default/Session Storage/MANIFEST-000001`,
    `.config/${b}/Default/Sessions/Session_13370000000000000`,
    `.config/${b}/Default/Cache/Cache_Data/f_000001`,
    `.config/${b}/Default/Cache/Cache_Data/index`,
    `.config/${b}/Default/Code Cache/js/0a1b2c3d4e5f_0`,
    `.config/${b}/Local State`,
    `.cache/${b}/Default/Cache/Cache_Data/f_000002`,
  ]),
  '.config/google-chrome/Profile 1/History',
  '.config/google-chrome/Profile 1/Cookies',
  ...['places.sqlite', 'cookies.sqlite', 'formhistory.sqlite', 'key4.db', 'logins.json', 'prefs.js', 'sessionstore.jsonlz4'].map(
    (f) => `.mozilla/firefox/abcd1234.default-release/${f}`,
  ),
  '.mozilla/firefox/abcd1234.default-release/sessionstore-backups/recovery.jsonlz4',
  '.mozilla/firefox/abcd1234.default-release/storage/default/https+++www.example.org/ls/data.sqlite',
  '.cache/mozilla/firefox/abcd1234.default-release/cache2/entries/0A1B2C3D',
  '.cache/mozilla/firefox/abcd1234.default-release/startupCache/startupCache.8.little',
  '.cache/thumbnails/normal/0a1b.png',
  '.local/share/recently-used.xbel',
  'Downloads/report.pdf',
  'Downloads/photo.jpg',
];

const base = mkdtempSync(path.join(os.tmpdir(), 'tabula-train-'));
let why = '';
try {
  const home = path.join(base, 'home');
  for (const rel of HOME_FILES) {
    mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    writeFileSync(path.join(home, rel), `made up for the code cache: ${rel}\n`);
  }
  writeFileSync(
    path.join(home, '.mozilla/firefox/profiles.ini'),
    '[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\nDefault=1\n',
  );
  mkdirSync(path.join(base, 'temp'));
  mkdirSync(path.join(base, 'state'), { mode: 0o700 });
  const loaded = loadBundle(false);
  if (!loaded) throw new Error('dist/main/agent/bundle/agent.cjs is missing: run scripts/bundle-agent.mjs first');
  const args = [
    'wipe',
    '--json',
    '--no-close-browsers',
    '--home',
    home,
    '--temp',
    path.join(base, 'temp'),
    '--state',
    path.join(base, 'state'),
  ];
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = (chunk) => ((out += String(chunk)), true);
  let code;
  try {
    code = await loaded.cli.runCli(args);
  } finally {
    process.stdout.write = write;
  }
  const outcome = out ? JSON.parse(out).outcome : undefined;
  if (code !== 0 || outcome !== 'clean') why = `the training wipe ended ${outcome ?? 'without a result'} (exit ${code})`;
  else writeFileSync(CODE_CACHE, codeCacheFile(loaded));
} catch (error) {
  why = error instanceof Error ? error.message : String(error);
} finally {
  rmSync(base, { recursive: true, force: true });
}
if (why) {
  rmSync(CODE_CACHE, { force: true });
  process.stderr.write(`train-code-cache: no code cache (${why}); the wipe commands compile the bundle without one\n`);
} else if (!existsSync(CODE_CACHE)) process.exit(1);
