/** Selection (pure): which processes are the browsers of the patron's session. */
import { userInfo } from 'node:os';
import type { Platform } from '../../catalog/schema.js';
import type { ProcessInfo } from './process-info.js';

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
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

const basename = (p: string): string =>
  p
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() ?? '';
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
  const strict = win
    ? ['', 'system', tail(opts.selfUser ?? selfUserName())].includes(tail(opts.user))
    : opts.uid === 0 || opts.uid === selfUid;
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
