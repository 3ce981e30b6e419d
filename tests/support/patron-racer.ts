/**
 * A hostile patron for race tests: a real account (useradd, prefix `tse` + pid) and programs run
 * as that account (`setpriv --reuid --regid --clear-groups`), looping renameat2(RENAME_EXCHANGE)
 * (python3 + ctypes) or other swaps while root wipes. Plus a staff tree and its full snapshot
 * (content, owner, mode, inode of every entry), to prove that nothing outside the roots changed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import path from 'node:path';
import { needRoot, skipOrFail } from './skip.js';
import { findProgram } from './programs.js';
import { removeTree, tempDir } from './tree.js';

export interface Patron {
  name: string;
  uid: number;
  gid: number;
  remove(): void;
}

let count = 0;
const PYTHON = '/usr/bin/python3';

/** Root, Linux, setpriv, useradd and a system python3: or skip loudly (fail under TABULA_REQUIRE_ALL=1). */
export function canRace(t: TestContext): boolean {
  if (process.platform !== 'linux') return skipOrFail(t, 'race tests with a patron process are Linux only');
  if (!needRoot(t, 'a race test with a real patron account')) return false;
  for (const program of ['setpriv', 'useradd', 'userdel']) {
    if (!findProgram(program)) return skipOrFail(t, `the program "${program}" is needed (util-linux / passwd)`);
  }
  try {
    execFileSync(PYTHON, ['-c', 'import ctypes']);
  } catch {
    return skipOrFail(t, 'python3 with ctypes is needed for the racing patron process (apt-get install python3)');
  }
  return true;
}

/** A throw-away account without a home (the test makes one); `remove()` in a finally. */
export function makePatron(): Patron {
  const name = `tse${process.pid}${count++}`;
  execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', name]);
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }));
  return { name, uid, gid, remove: () => execFileSync('userdel', [name], { stdio: 'ignore' }) };
}

/** Python prelude for racers: `exchange(a, b)` is renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE). */
const PRELUDE = `
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
def exchange(a, b):
    return libc.renameat2(-100, a, -100, b, 2)
args = [a.encode() for a in sys.argv[1:]]
sys.stdout.write('ready\\n')
sys.stdout.flush()
`;

export interface Racer {
  stop(): Promise<number>;
}

/**
 * Runs `body` (python, after PRELUDE; `args` are its bytes arguments) as the patron, in a loop of
 * its own making, until stop(). Resolves once the racer has started (it says so on stdout).
 */
export async function startRacer(patron: Patron, body: string, args: string[]): Promise<Racer> {
  const child: ChildProcess = spawn(
    'setpriv',
    [`--reuid=${patron.uid}`, `--regid=${patron.gid}`, '--clear-groups', PYTHON, '-c', PRELUDE + body, ...args],
    { cwd: '/', stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: '/usr/bin:/bin' } },
  );
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : -1))));
  const started = await Promise.race([
    new Promise<boolean>((resolve) => child.stdout?.once('data', () => resolve(true))),
    exited.then(() => false),
  ]);
  if (!started) throw new Error('the racing patron process did not start');
  return {
    stop: async () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** A racer that exchanges each pair (a, b) of its arguments in turn, forever. */
export const EXCHANGE_LOOP = `
pairs = list(zip(args[0::2], args[1::2]))
while True:
    for a, b in pairs:
        exchange(a, b)
`;

/**
 * A root-owned staff tree at `dir`: `names` top-level folders, each with `files` files (0644) —
 * named like the patron's items, as an attacker would make them — and a top file.
 */
export function makeStaffTree(dir: string, names: string[], files = 3): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const name of names) {
    mkdirSync(path.join(dir, name), { mode: 0o755 });
    for (let i = 0; i < files; i++) writeFileSync(path.join(dir, name, `s${i}`), `staff ${name} ${i}\n`, { mode: 0o644 });
  }
  writeFileSync(path.join(dir, 'staff-only.txt'), 'precious\n', { mode: 0o644 });
}

/** Every entry below `dir` (itself included): type, inode, owner, mode, size, content hash or link text. */
export function snapshotStrict(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string, rel: string) => {
    const st = lstatSync(p);
    const head = `${st.ino} ${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)} ${st.nlink}`;
    if (st.isSymbolicLink()) out.set(rel, `link ${head} ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(rel, `dir ${head}`);
      for (const e of readdirSync(p).sort()) walk(path.join(p, e), `${rel}/${e}`);
    } else out.set(rel, `file ${head} ${st.size} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  };
  walk(dir, '.');
  return out;
}

/** The entries that differ between two snapshots (relative names; tests only). */
export function changedEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** A race test's scene: the racing patron, and a root-owned 0755 folder for its rounds. */
export interface RaceScene {
  patron: Patron;
  base: string;
  /** Round `round`'s folder `base/r<round>` (0755) with an empty `home` in it; remove `dir` after the round. */
  round(round: number): { dir: string; home: string };
  /** Gives `paths` to the patron (lchown: a link itself, never its target). */
  give(paths: string[]): void;
  /** Runs `work` while the patron runs `body` (startRacer) with `args`; the racer is stopped after. */
  racing<T>(body: string, args: string[], work: () => T | Promise<T>): Promise<T>;
}

/**
 * Runs a race test: skips (or fails under TABULA_REQUIRE_ALL=1) without what canRace needs, else
 * makes a throw-away patron and a base folder (`prefix`), runs `body`, and removes both.
 */
export async function raceScene(t: TestContext, prefix: string, body: (scene: RaceScene) => Promise<void>): Promise<void> {
  if (!canRace(t)) return;
  const patron = makePatron();
  const base = tempDir(prefix);
  try {
    chmodSync(base, 0o755);
    await body({
      patron,
      base,
      round: (round) => {
        const dir = path.join(base, `r${round}`);
        const home = path.join(dir, 'home');
        mkdirSync(home, { recursive: true });
        chmodSync(dir, 0o755);
        return { dir, home };
      },
      give: (paths) => {
        for (const p of paths) lchownSync(p, patron.uid, patron.gid);
      },
      racing: async (racerBody, args, work) => {
        const racer = await startRacer(patron, racerBody, args);
        try {
          return await work();
        } finally {
          await racer.stop();
        }
      },
    });
  } finally {
    removeTree(base);
    patron.remove();
  }
}
