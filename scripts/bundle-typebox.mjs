#!/usr/bin/env node
// Part of `npm run build`, after tsc: replaces dist/protocol/typebox.js (a re-export of
// @sinclair/typebox and @sinclair/typebox/value, see protocol/typebox.ts) with one self-contained
// ES module bundled by esbuild. Loaded as the package ships it, TypeBox is ~250 modules: ~11 MB of
// the agent's resident memory and a few ms of every validating command's start-up (issue 14).
// Same exports, same version (the one in node_modules). Idempotent: a bundled file is left alone.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(ROOT, 'dist/protocol/typebox.js');
const MARK = '// Bundled by scripts/bundle-typebox.mjs';

const source = readFileSync(target, 'utf8');
if (source.startsWith(MARK)) process.exit(0);
const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@sinclair/typebox/package.json'), 'utf8')).version;
const result = await build({
  stdin: { contents: source, resolveDir: path.dirname(target), sourcefile: 'typebox.js', loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18',
  write: false,
  legalComments: 'eof',
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
if (/^\s*import\s/m.test(code) || /\brequire\(/.test(code)) throw new Error('the TypeBox bundle still imports something');
writeFileSync(`${target}.tmp`, `${MARK} from @sinclair/typebox ${version} (MIT); source: protocol/typebox.ts.\n${code}`);
renameSync(`${target}.tmp`, target);
rmSync(`${target}.map`, { force: true }); // tsc's map describes the re-export, not the bundle
