/**
 * Close a patron's running browsers before a wipe: list processes, select the ones that belong to
 * the browser in the patron's session, ask them to quit, then force them. Everything here stays in
 * memory: results are counts, and errors carry no path, user or process name (ARCHITECTURE §6).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { Platform } from '../catalog/schema.js';

const run = promisify(execFile);

export interface ProcessInfo {
  pid: number;
  ppid?: number;
  /** Real uid (POSIX). */
  uid?: number;
  /** `DOMAIN\user` (Windows); absent when the system prints N/A or a localized equivalent. */
  user?: string;
  /** Linux comm (≤ 15 chars), macOS comm, Windows image name. */
  comm: string;
  /** Executable path (Linux /proc/<pid>/exe without " (deleted)"; macOS derived from args). */
  exe?: string;
  argv0?: string;
  /** Arguments joined by spaces. Stays in memory, never logged. */
  cmdline?: string;
  /** HOME from the process environment (Linux, when readable). */
  home?: string;
  /** Identity against pid reuse (Linux starttime). */
  start?: string;
}

export interface SelectOptions {
  platform?: Platform;
  processNames: string[];
  uid?: number;
  /** Windows: the patron's user name, `name` or `DOMAIN\name`. */
  user?: string;
  home: string;
  /** The agent's own euid and pid (injectable for tests). */
  selfUid?: number;
  selfPid?: number;
  /** Windows: the agent's own user name. */
  selfUser?: string;
}

function selfUserName(): string {
  try { return userInfo().username; } catch { return ''; }
}

/**
 * Parses `ps -axww -o pid=,uid=,comm=,args=` (or with `ppid=` after pid). macOS prints comm padded
 * (and often cut to 16 characters) when it is not the last column, and both comm and args may hold
 * spaces (`Google Chrome Helper (Renderer)`), so the split prefers the point where args repeat comm.
 */
export function parsePsOutput(text: string, opts: { withPpid?: boolean } = {}): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  const head = opts.withPpid ? /^\s*(\d+)\s+(\d+)\s+(\d+) (.*)$/ : /^\s*(\d+)\s+(\d+) (.*)$/;
  for (const line of text.split(/\r?\n/)) {
    const m = head.exec(line);
    if (!m) continue;
    const nums = m.slice(1, opts.withPpid ? 4 : 3).map(Number);
    const rest = (m[opts.withPpid ? 4 : 3] ?? '').replace(/^ +/, '');
    const { comm, args } = splitCommArgs(rest);
    const exe = exeFromArgs(comm, args);
    const p: ProcessInfo = { pid: nums[0] ?? 0, uid: nums[opts.withPpid ? 2 : 1], comm, cmdline: args };
    if (opts.withPpid) p.ppid = nums[1];
    if (exe) { p.exe = exe; p.argv0 = exe; }
    out.push(p);
  }
  return out;
}

function splitCommArgs(rest: string): { comm: string; args: string } {
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] !== ' ' || rest[i - 1] === ' ') continue;
    const comm = rest.slice(0, i);
    const args = rest.slice(i).replace(/^ +/, '');
    if (args && args.startsWith(comm)) return { comm, args };
  }
  const cut = /^(\S.{14}\S) (\S.*)$/.exec(rest) ?? /^(.*?\S) {2,}(\S.*)$/.exec(rest) ?? /^(\S+) ?(.*)$/.exec(rest);
  return { comm: (cut?.[1] ?? rest).trim(), args: (cut?.[2] ?? '').trim() };
}

/** The executable inside args: comm when whole, else the args up to the first ` -` option. */
function exeFromArgs(comm: string, args: string): string | undefined {
  if (!args.startsWith('/')) return comm.startsWith('/') ? comm : undefined;
  if (args === comm || args.startsWith(comm + ' ')) {
    if (comm.length !== 16) return comm;
  }
  const opt = args.search(/ -/);
  return (opt >= 0 ? args.slice(0, opt) : args).trimEnd();
}

/** Splits one CSV line ("a","b ""c""",d). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/**
 * Parses `tasklist [/v] /fo csv /nh`: image name, PID, session name, session #, memory, then with
 * /v status, user name, CPU time, window title. Columns are read by position, so localized
 * Windows (whose values, not positions, change) parse the same; a user without `\` is N/A.
 */
export function parseTasklistCsv(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const cells = parseCsvLine(line);
    const pid = Number(cells[1]);
    if (cells.length < 5 || !Number.isInteger(pid) || !/^\d+$/.test(cells[1] ?? '')) continue;
    const p: ProcessInfo = { pid, comm: cells[0] ?? '' };
    const user = cells[6];
    if (cells.length >= 9 && user && user.includes('\\')) p.user = user;
    out.push(p);
  }
  return out;
}

// ---- Listing (I/O) ----

/**
 * One process from /proc. With `onlyUid`, a process of another owner is read from its `status`
 * alone (uid, parent, name): nothing else of it is ever looked at, and on a PC with a few hundred
 * processes that saves four reads each.
 */
async function readLinuxProcess(pid: number, onlyUid?: number): Promise<ProcessInfo | undefined> {
  const dir = `/proc/${pid}`;
  let status: string;
  try { status = await readFile(`${dir}/status`, 'utf8'); } catch { return undefined; }
  if (/^State:\s+Z/m.test(status)) return undefined; // zombies hold nothing and cannot be signalled away
  const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
  const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1];
  const p: ProcessInfo = { pid, comm: '' };
  if (uid !== undefined) p.uid = Number(uid);
  if (ppid !== undefined) p.ppid = Number(ppid);
  if (onlyUid !== undefined && p.uid !== onlyUid) {
    p.comm = /^Name:\t(.*)$/m.exec(status)?.[1] ?? '';
    return p;
  }
  const [comm, exe, cmdline, environ, stat] = await Promise.all([
    readFile(`${dir}/comm`, 'utf8').catch(() => ''),
    readlink(`${dir}/exe`).catch(() => undefined),
    readFile(`${dir}/cmdline`, 'utf8').catch(() => ''),
    readFile(`${dir}/environ`, 'utf8').catch(() => ''),
    readFile(`${dir}/stat`, 'utf8').catch(() => ''),
  ]);
  p.comm = comm.replace(/\n$/, '');
  if (exe) p.exe = exe.replace(/ \(deleted\)$/, '');
  const argv = cmdline.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  if (argv[0]) p.argv0 = argv[0];
  if (argv.length) p.cmdline = argv.join(' ');
  const home = environ.split('\0').find((v) => v.startsWith('HOME='));
  if (home) p.home = home.slice(5);
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  if (start) p.start = start;
  return p;
}

async function runWindows(command: string): Promise<string> {
  // chcp 65001: tasklist prints in the OEM code page otherwise, which garbles non-ASCII names.
  const { stdout } = await run('cmd.exe', ['/d', '/s', '/c', `chcp 65001 >nul & ${command}`],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true });
  return stdout;
}

/**
 * Lists the processes of this computer. `verbose: false` skips user names on Windows (fast);
 * `uid` (Linux): processes of other owners carry only pid, uid, ppid and name.
 */
export async function listProcesses(platform: Platform, opts: { verbose?: boolean; uid?: number } = {}): Promise<ProcessInfo[]> {
  if (platform === 'linux') {
    const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
    const all = await Promise.all(pids.map((pid) => readLinuxProcess(pid, opts.uid)));
    return all.filter((p): p is ProcessInfo => p !== undefined);
  }
  if (platform === 'darwin') {
    const { stdout } = await run('ps', ['-axww', '-o', 'pid=,ppid=,uid=,comm=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return parsePsOutput(stdout, { withPpid: true });
  }
  return parseTasklistCsv(await runWindows(opts.verbose === false ? 'tasklist /fo csv /nh' : 'tasklist /v /fo csv /nh'));
}

// ---- Selection (pure) ----

const basename = (p: string): string => p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
const stripExe = (n: string): string => n.replace(/\.exe$/i, '');

function isBrowserExecutable(p: ProcessInfo, names: string[], platform: Platform): boolean {
  const fold = platform === 'linux' ? (s: string) => s : (s: string) => stripExe(s.toLowerCase());
  const wanted = names.map(fold);
  const seen = [p.comm, p.exe, p.argv0].filter((s): s is string => !!s).map((s) => fold(basename(s)));
  if (seen.some((s) => wanted.includes(s))) return true;
  // Linux cuts comm to 15 bytes (chromium-browser → chromium-browse).
  if (platform === 'linux' && p.comm.length === 15 && wanted.some((w) => w.length > 15 && w.startsWith(p.comm))) return true;
  if (platform === 'darwin') {
    // Helpers live inside the app bundle: "Chromium Helper (Renderer)", .../Chromium.app/Contents/...
    const path = (p.exe ?? p.cmdline ?? '').toLowerCase();
    return wanted.some((w) => path.includes(`/${w}.app/contents/`) || seen.some((s) => s.startsWith(`${w} helper`)));
  }
  return false;
}

function sameUser(processUser: string | undefined, patron: string | undefined): boolean {
  if (!processUser || !patron) return false;
  const a = processUser.toLowerCase();
  const b = patron.toLowerCase();
  return b.includes('\\') ? a === b : a.slice(a.lastIndexOf('\\') + 1) === b;
}

function normalizeHome(home: string): string | undefined {
  const h = home.replace(/[\\/]+$/, '');
  const absolute = home.startsWith('/') || /^[A-Za-z]:[\\/]/.test(home);
  if (!absolute || h === '' || /^[A-Za-z]:$/.test(h)) return undefined; // relative, `/` or a drive root
  return h;
}

/** True when `text` names `home` or a path under it as a whole path (not /home/ab for /home/a). */
export function mentionsHome(text: string | undefined, home: string, platform: Platform = 'linux'): boolean {
  const h = normalizeHome(home);
  if (!text || !h) return false;
  const hay = platform === 'linux' ? text : text.toLowerCase();
  const needle = platform === 'linux' ? h : h.toLowerCase();
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const before = i === 0 ? ' ' : hay[i - 1];
    const after = hay[i + needle.length] ?? ' ';
    if (/[\s="':,\0]/.test(before ?? ' ') && /[\s/\\"',\0]/.test(after)) return true;
  }
  return false;
}

/**
 * The processes of the browser in the patron session, plus their descendants of the same owner.
 * When the patron uid is root or the agent's own uid, only a browser whose command line or HOME
 * names the patron home counts, so a tester's own browsers are never touched. The agent and its
 * ancestors are never selected. Without a uid (POSIX) or user (Windows) nothing is selected.
 */
export function selectBrowserProcesses(processes: ProcessInfo[], opts: SelectOptions): ProcessInfo[] {
  const platform = opts.platform ?? (process.platform as Platform);
  const selfPid = opts.selfPid ?? process.pid;
  const selfUid = opts.selfUid ?? process.geteuid?.();
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const protectedPids = new Set<number>([selfPid, 0, 1]);
  if (opts.selfPid === undefined) protectedPids.add(process.ppid);
  for (let p = byPid.get(selfPid), n = 0; p?.ppid !== undefined && n < 4096; p = byPid.get(p.ppid), n++) protectedPids.add(p.ppid);

  const win = platform === 'win32';
  if (win ? !opts.user : opts.uid === undefined) return [];
  // Windows lists no command lines, so the patron being the agent's own user selects nothing.
  const tail = (u = ''): string => u.slice(u.lastIndexOf('\\') + 1).toLowerCase();
  const strict = win ? ['', 'system', tail(opts.selfUser ?? selfUserName())].includes(tail(opts.user)) : opts.uid === 0 || opts.uid === selfUid;
  const owned = (p: ProcessInfo): boolean => (win ? sameUser(p.user, opts.user) : p.uid === opts.uid);
  const home = normalizeHome(opts.home);
  if (strict && !home) return [];
  const direct = new Set<number>();
  for (const p of processes) {
    if (protectedPids.has(p.pid) || !owned(p) || !isBrowserExecutable(p, opts.processNames, platform)) continue;
    if (strict && !mentionsHome(p.cmdline, opts.home, platform) && !(p.home && mentionsHome(p.home, opts.home, platform))) continue;
    direct.add(p.pid);
  }
  return processes.filter((p) => {
    if (protectedPids.has(p.pid) || !owned(p)) return false;
    for (let q: ProcessInfo | undefined = p, n = 0; q && n < 4096; q = q.ppid === undefined ? undefined : byPid.get(q.ppid), n++) {
      if (direct.has(q.pid)) return true;
      if (protectedPids.has(q.pid) && q !== p) return false;
    }
    return false;
  });
}

// ---- Closing (I/O) ----

export interface CloseOptions {
  platform: Platform;
  processNames: string[];
  uid?: number;
  user?: string;
  home: string;
  graceMs?: number;
  killMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Identity across polls: pid + start time (Linux; comm changes, e.g. firefox children rename), else pid + name. */
const key = (p: ProcessInfo): string => (p.start ? `${p.pid}/${p.start}` : `${p.pid}/${p.comm.toLowerCase()}`);

async function signal(platform: Platform, pids: number[], forced: boolean): Promise<void> {
  if (platform === 'win32') {
    await Promise.all(pids.map((pid) => run('taskkill', forced ? ['/F', '/T', '/PID', String(pid)] : ['/PID', String(pid)],
      { windowsHide: true }).catch(() => undefined)));
    return;
  }
  for (const pid of pids) {
    try { process.kill(pid, forced ? 'SIGKILL' : 'SIGTERM'); } catch { /* gone or not ours: counted later */ }
  }
}

/**
 * Asks the patron's browsers to quit (SIGTERM / taskkill), waits up to graceMs, forces what is
 * left (SIGKILL / taskkill /F /T) and waits up to killMs. Returns counts only.
 */
export async function closeBrowsers(opts: CloseOptions): Promise<{ closed: number; remaining: number }> {
  const { platform, graceMs = 5000, killMs = 3000, pollMs = 100 } = opts;
  const select = async (verbose: boolean) => {
    try {
      // Only the patron's own processes can be selected (selectBrowserProcesses): the others are read briefly.
      const all = await listProcesses(platform, { verbose, uid: opts.uid });
      return { all, mine: selectBrowserProcesses(all, { ...opts, platform }) };
    } catch {
      throw Object.assign(new Error('The process list could not be read.'), { code: 'E_BROWSER_RUNNING' satisfies ErrorCode });
    }
  };
  const seen = new Map<string, ProcessInfo>();
  const alive = (all: ProcessInfo[]) => {
    const now = new Set(all.map(key));
    return [...seen.values()].filter((p) => now.has(key(p)));
  };
  const waitGone = async (ms: number): Promise<ProcessInfo[]> => {
    const end = Date.now() + ms;
    for (;;) {
      const left = alive((await select(false)).all);
      if (left.length === 0 || Date.now() >= end) return left;
      await sleep(pollMs);
    }
  };

  const first = await select(true);
  for (const p of first.mine) seen.set(key(p), p);
  if (seen.size === 0) return { closed: 0, remaining: 0 };
  // Graceful: the top of each tree first, so the browser can shut its children down itself.
  const tops = first.mine.filter((p) => !first.mine.some((q) => q.pid === p.ppid));
  await signal(platform, (tops.length ? tops : first.mine).map((p) => p.pid), false);
  let left = await waitGone(graceMs);
  // Forced: whatever is left, plus any browser process started meanwhile.
  const again = await select(true);
  for (const p of again.mine) seen.set(key(p), p);
  left = alive(again.all);
  if (left.length) {
    await signal(platform, left.map((p) => p.pid), true);
    left = await waitGone(killMs);
  }
  return { closed: seen.size - left.length, remaining: left.length };
}
