/**
 * The dispatcher that `tabula agent` (the service) and the commands that run the wipe engine
 * (main/cli.ts) run: the agent bundle, dist/main/agent/bundle/agent.cjs (scripts/bundle-agent.mjs:
 * this CLI as tsc emitted it, with everything it imports, in one script). Same code as
 * ./commands.js; one module to load instead of ~150, which keeps the idle agent ~7 MB smaller and
 * a wipe's start ~80 ms shorter (issue 14). Other commands import ./commands.js as it is, a few
 * small modules at a time, so that `tabula --version` and the PAM hook start fastest.
 *
 * The bundle is one function expression taking CommonJS's arguments, compiled as a vm.Script and
 * called. The wipe commands compile it with its V8 code cache, agent.cjs.cache beside it, made by
 * `npm run build` (scripts/train-code-cache.mjs, from one wipe of a made-up home): the bytecode of
 * every function that wipe ran, so a `tabula wipe` neither parses nor compiles them again. A cache
 * V8 refuses (another Node, other flags) is ignored and the script compiles as without one; so is
 * one made from another bundle (the file starts with the SHA-256 of the bundle it was made from:
 * V8 itself compares only the source's length, and would run the old bytecode). The service does
 * not use it: its idle heap would hold the whole engine's bytecode. The cache lies beside the
 * bundle, in the install folder, as trusted as the code itself; nothing writes it at run time.
 *
 * A build without the bundle (tsc alone) still runs the agent, from ./commands.js, and says so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

type Cli = typeof import('./commands.js');

export const BUNDLE = fileURLToPath(new URL('../bundle/agent.cjs', import.meta.url));
/** Where a bundle's code cache lies: beside it. */
const cacheOf = (file: string): string => `${file}.cache`;
export const CODE_CACHE = cacheOf(BUNDLE);
const HASH_BYTES = 32;

/** What `<bundle>.cache` holds for a loaded bundle: its SHA-256, then V8's code cache of what has run so far. */
export function codeCacheFile(loaded: LoadedBundle): Buffer {
  return Buffer.concat([sourceHash(loaded.source), loaded.script.createCachedData()]);
}

/** node:crypto only where a cache is read or made (the idle service never loads it for this). */
const sourceHash = (source: string): Buffer =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(source).digest();

export interface LoadedBundle {
  cli: Cli;
  script: vm.Script;
  /** The bundle's text, as compiled. */
  source: string;
  /** A code cache was read and V8 took it. */
  cached: boolean;
}

/** Compiles and runs the bundle, with its code cache when `codeCache`; undefined when it is not built. */
export function loadBundle(codeCache: boolean, file = BUNDLE): LoadedBundle | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let cachedData: Buffer | undefined;
  if (codeCache) {
    try {
      const data = readFileSync(cacheOf(file));
      if (data.subarray(0, HASH_BYTES).equals(sourceHash(source))) cachedData = data.subarray(HASH_BYTES);
    } catch {
      // none built (e.g. a build that could not train it): compiled without
    }
  }
  // The file is one function expression (scripts/bundle-agent.mjs): compiled as it is, no wrapper copy of its text.
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} as Cli };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file));
  return { cli: module.exports, script, source, cached: cachedData !== undefined && !script.cachedDataRejected };
}

export async function agentCli(codeCache = false): Promise<Cli> {
  const loaded = loadBundle(codeCache);
  if (loaded) return loaded.cli;
  process.stderr.write('tabula: the agent bundle is not built (npm run build); running the unbundled modules\n');
  return import('./commands.js');
}
