#!/usr/bin/env node
// Part of `npm run build`, after tsc and scripts/bundle-typebox.mjs: bundles the CLI as tsc emitted
// it (dist/main/agent/cli/commands.js and all it imports, the wipe engine and @homebridge/dbus-native
// included) into one CommonJS script, dist/main/agent/bundle/agent.cjs, and the reap worker into
// the ES module dist/main/agent/bundle/reap-worker.js. `tabula agent` (the service: main/cli.ts,
// main/service.ts, through main/agent/cli/agent-cli.ts) and the wipe commands (wipe, plan, verify,
// baseline) run the bundle; every other command keeps tsc's modules. scripts/train-code-cache.mjs
// then makes the bundle's V8 code cache, which the wipe commands compile it with.
//
// Why (issue 14, the agent's idle RSS): loaded as ~90 ES modules and ~60 CommonJS ones, the
// agent's start-up resolves module paths often enough that V8 optimises Node's URL and path
// helpers, and the first optimising compile alone costs ~4 MB resident (the compiler's code
// and memory). One module resolves nothing; whitespace is dropped (~1 MB of source text held on
// the heap becomes ~0.75 MB). Identifiers are kept as they are, so function and class names and
// stack traces stay readable. Code reached through `import()` (the engine, the report sender) is
// in the file but runs only when first imported, as before. A script rather than an ES module
// because Node 20 compiles only scripts with a code cache (vm.Script `cachedData`).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist/main/agent');
const OUT = path.join(DIST, 'bundle');
/** Required at run time only inside a try (optional transports of @homebridge/dbus-native we do not use). */
const OPTIONAL = new Set(['abstract-socket']);

rmSync(OUT, { recursive: true, force: true });
const common = {
  outdir: OUT,
  bundle: true,
  platform: 'node',
  target: 'node18', // the headless deb runs on the distribution's Node (docs/installers.md)
  minifyWhitespace: true,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
};
// The CLI: one function expression taking CommonJS's arguments (a script that agent-cli.ts compiles,
// with a V8 code cache for the wipe commands, scripts/train-code-cache.mjs, and calls), strict as the
// ES modules it was bundled from. `import.meta.url` (the reap worker beside it) becomes the script's own file URL.
const agent = await build({
  ...common,
  entryPoints: { agent: path.join(DIST, 'cli/commands.js') },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__tabulaUrl' },
  banner: {
    js: `// Bundled by scripts/bundle-agent.mjs from dist/main/agent (tsc's output); source: main/agent/.\n(function (exports, require, module, __filename, __dirname) {'use strict';\nconst __tabulaUrl = require('node:url').pathToFileURL(__filename).href;`,
  },
  footer: { js: '})' },
});
// The reap worker: an ES module, started by its URL as a worker thread.
const worker = await build({
  ...common,
  entryPoints: { 'reap-worker': path.join(DIST, 'wipe/reap/reap-worker.js') },
  format: 'esm',
  // The CommonJS packages inside call require(); an ES module has none of its own.
  banner: {
    js: `// Bundled by scripts/bundle-agent.mjs from dist/main/agent (tsc's output); source: main/agent/.\nimport { createRequire as __tabulaCreateRequire } from 'node:module';\nconst require = __tabulaCreateRequire(import.meta.url);`,
  },
});
const outputs = { ...agent.metafile.outputs, ...worker.metafile.outputs };

const problems = [];
for (const [file, output] of Object.entries(outputs)) {
  for (const i of output.imports) {
    // Only Node's own modules stay outside (node-schedule is required lazily by name at run time).
    if (i.external && !isBuiltin(i.path) && !OPTIONAL.has(i.path)) problems.push(`${file} imports ${i.path} (${i.kind})`);
  }
  // Files located beside the module at run time (the reap worker): they must be in the bundle folder.
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  for (const m of text.matchAll(/new URL\("(\.\/[^"]+)", (?:import\.meta\.url|__tabulaUrl)\)/g)) {
    if (!existsSync(path.join(OUT, m[1]))) problems.push(`${file} needs ${m[1]} beside it`);
  }
}
if (problems.length > 0) throw new Error(`the agent bundle is not self-contained:\n${problems.join('\n')}`);
