#!/usr/bin/env node
// Runs a command (the test suites) with HOME set to a fresh, empty sentinel folder and fails if
// anything was written there: every browser or program a test starts must get its own HOME,
// profile and download folder, so the suite never touches the home of whoever runs it.
//
//   node scripts/in-sentinel-home.mjs <command> [args...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/in-sentinel-home.mjs <command> [args...]');
  process.exit(2);
}
const sentinel = mkdtempSync(path.join(os.tmpdir(), 'tabula-sentinel-home-'));
const env = { ...process.env, HOME: sentinel, USERPROFILE: sentinel };
for (const name of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME']) delete env[name];
const run = spawnSync(command, args, { stdio: 'inherit', env });

/** Relative paths of everything below `dir`, at most `limit` of them. */
function listing(dir, limit = 40) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const p = path.join(d, entry.name);
      out.push(path.relative(sentinel, p) + (entry.isDirectory() ? '/' : ''));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const touched = listing(sentinel);
rmSync(sentinel, { recursive: true, force: true });
if (touched.length) {
  console.error(
    `\nThe test suite wrote into the home of whoever runs it (HOME was a sentinel folder). Give every browser or program a test starts its own HOME. Written:\n  ${touched.join('\n  ')}`,
  );
  process.exit(1);
}
process.exit(run.status ?? 1);
