/**
 * Resolve a configured patron account (uid, gid, home; SID on Windows) and vet it: root, system
 * and administrator accounts, and homes such as `/` or a drive root, are refused. Reasons are fixed
 * text: they never carry the account name or its home (ARCHITECTURE §6).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { Platform } from '../catalog/schema.js';

const run = promisify(execFile);

export interface Account {
  name: string;
  uid?: number;
  gid?: number;
  home: string;
  /** Windows security identifier. */
  sid?: string;
}

export type VetResult = { ok: true } | { ok: false; code: Extract<ErrorCode, 'E_ACCOUNT_REFUSED' | 'E_ACCOUNT_UNKNOWN'>; reason: string };

/** Group names (POSIX) or group SIDs (Windows) of an account. */
export type GroupsOf = (name: string, sid?: string) => Promise<string[]>;

// ---------------------------------------------------------------------------------------------
// Parsers (pure)

/** One `getent passwd NAME` line; undefined unless the entry is exactly `name` (getent also looks up numbers as uids). */
export function parseGetentPasswd(text: string, name?: string): Account | undefined {
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(':');
    if (f.length < 7) continue;
    const [user, , uid, gid] = f;
    const home = f.slice(5, f.length - 1).join(':');
    if (!user || (name !== undefined && user !== name) || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) continue;
    return { name: user, uid: Number(uid), gid: Number(gid), home };
  }
  return undefined;
}

/**
 * `dscl . -read /Users/NAME UniqueID NFSHomeDirectory PrimaryGroupID`: `Key: value` lines, or
 * `Key:` followed by indented value lines when a value is long or has spaces; `dsAttrTypeNative:`
 * keys; "No such key: X" when missing.
 */
export function parseDsclRead(text: string): Record<string, string[]> {
  const attrs: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s/.test(line) && current) {
      if (line.trim()) current.push(line.trim());
      continue;
    }
    const m = /^(?:dsAttrTypeNative:|dsAttrTypeStandard:)?([A-Za-z_][\w-]*):(?: (.*))?$/.exec(line);
    if (!m || line.startsWith('No such key')) {
      current = undefined;
      continue;
    }
    current = attrs[m[1] ?? ''] = m[2] ? m[2].split(' ') : [];
  }
  return attrs;
}

export function accountFromDscl(name: string, text: string): Account | undefined {
  const a = parseDsclRead(text);
  const uid = a.UniqueID?.[0];
  const gid = a.PrimaryGroupID?.[0];
  const home = a.NFSHomeDirectory?.join(' ');
  if (!uid || !/^-?\d+$/.test(uid) || !home) return undefined;
  const account: Account = { name, uid: Number(uid), home };
  if (gid && /^\d+$/.test(gid)) account.gid = Number(gid);
  return account;
}

/**
 * One value from `reg query KEY /v NAME`: the key line, then `    NAME    REG_TYPE    DATA`.
 * Type names are never localized (the error text is), so the parse is the same on every locale.
 */
export function parseRegQueryValue(text: string, valueName: string): { type: string; data: string } | undefined {
  const want = valueName.toLowerCase();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s+(.+?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$/.exec(line);
    if (m && (m[1] ?? '').toLowerCase() === want) return { type: m[2] ?? '', data: (m[3] ?? '').trimEnd() };
  }
  return undefined;
}

/** Expands %VAR% (case-insensitive) in a REG_EXPAND_SZ; an unknown variable leaves it unexpanded. */
export function expandWindowsEnv(value: string, env: Record<string, string | undefined>): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return value.replace(/%([^%\s]+)%/g, (all, name: string) => lower.get(name.toLowerCase()) ?? all);
}

const SID = /^S-1-\d+(-\d+)+$/;
/** The SID printed by the PowerShell lookup (first line that is a SID). */
export function parseSid(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => SID.test(l));
}

// ---------------------------------------------------------------------------------------------
// Resolution (I/O)

/** Names that are safe to hand to getent/dscl/PowerShell: no options, paths or control characters. */
export function isPlausibleAccountName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 256 && !/^[-.]|[/\\:\u0000-\u001f\u007f"]/.test(name) && name.trim() === name;
}

async function windows(file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(file, args, { encoding: 'utf8', windowsHide: true, env: { ...process.env, ...env } });
  return stdout;
}

const PS_SID =
  '[Console]::OutputEncoding=[Text.Encoding]::UTF8; (New-Object System.Security.Principal.NTAccount($env:TABULA_ACCOUNT)).Translate([System.Security.Principal.SecurityIdentifier]).Value';

/** Resolves an account; undefined when it is not known here (or, on Windows, has no profile yet). */
export async function resolveAccount(name: string, platform: Platform): Promise<Account | undefined> {
  if (!isPlausibleAccountName(name)) return undefined;
  try {
    if (platform === 'linux') {
      const { stdout } = await run('getent', ['passwd', '--', name], { encoding: 'utf8' });
      return parseGetentPasswd(stdout, name);
    }
    if (platform === 'darwin') {
      const { stdout } = await run('dscl', ['.', '-read', `/Users/${name}`, 'UniqueID', 'NFSHomeDirectory', 'PrimaryGroupID'], {
        encoding: 'utf8',
      });
      return accountFromDscl(name, stdout);
    }
    // The name travels in the environment, never inside the script text.
    const sid = parseSid(await windows('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', PS_SID], { TABULA_ACCOUNT: name }));
    if (!sid) return undefined;
    const key = `HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\${sid}`;
    const value = parseRegQueryValue(await windows('reg.exe', ['query', key, '/v', 'ProfileImagePath']), 'ProfileImagePath');
    if (!value?.data) return undefined;
    const home = value.type === 'REG_EXPAND_SZ' ? expandWindowsEnv(value.data, process.env) : value.data;
    return { name, home, sid };
  } catch {
    return undefined; // unknown name: getent exits 2, dscl 56, Translate throws, reg exits 1
  }
}

const PS_GROUPS = `[Console]::OutputEncoding=[Text.Encoding]::UTF8
foreach ($g in Get-LocalGroup) {
  try { $m = @(Get-LocalGroupMember -SID $g.SID -ErrorAction Stop) } catch { if ($g.SID.Value -eq 'S-1-5-32-544') { exit 3 }; continue }
  if ($m.SID.Value -contains $env:TABULA_SID) { $g.SID.Value }
}`;

/** The platform's group lookup: `id -Gn NAME` on POSIX, local group SIDs on Windows. */
export function systemGroupsOf(platform: Platform): GroupsOf {
  if (platform === 'win32') {
    return async (_name, sid) => {
      if (!sid) throw new Error('no SID');
      return parseSidList(await windows('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', PS_GROUPS], { TABULA_SID: sid }));
    };
  }
  return async (name) => {
    const { stdout } = await run('id', ['-Gn', '--', name], { encoding: 'utf8' });
    return stdout.trim().split(/\s+/).filter(Boolean);
  };
}

const parseSidList = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => SID.test(l));

// ---------------------------------------------------------------------------------------------
// Vetting

const ADMIN_GROUPS: Record<Platform, string[]> = {
  linux: ['sudo', 'wheel', 'admin', 'adm', 'root'],
  darwin: ['admin', 'wheel'],
  win32: ['S-1-5-32-544'],
};
const MIN_UID: Partial<Record<Platform, number>> = { linux: 1000, darwin: 501 };

const refused = (reason: string): VetResult => ({ ok: false, code: 'E_ACCOUNT_REFUSED', reason });

/** Why a home cannot be a patron home, or undefined when it is acceptable. */
export function homeProblem(home: string, platform: Platform): string | undefined {
  const win = platform === 'win32';
  const absolute = win ? /^[A-Za-z]:[\\/]/.test(home) || /^\\\\[^\\]+\\[^\\]+/.test(home) : home.startsWith('/');
  if (!absolute) return 'the home folder is not an absolute path';
  const h = home.replace(win ? /[\\/]+$/ : /\/+$/, '');
  if (h === '' || (!win && /^\/+$/.test(home))) return 'the home folder is the filesystem root';
  if (win && (/^[A-Za-z]:$/.test(h) || /^\\\\[^\\]+\\[^\\]+$/.test(h))) return 'the home folder is a drive root';
  if (/(^|[\\/])\.\.?([\\/]|$)/.test(h)) return 'the home folder path is not normalized';
  const parents = win ? [/^[A-Za-z]:[\\/]users$/i, /^[A-Za-z]:[\\/]windows([\\/]|$)/i] : [/^\/home$/, /^\/Users$/, /^\/var\/home$/];
  if (parents.some((re) => re.test(h)))
    return win && /windows/i.test(h) ? 'the home folder is a system folder' : 'the home folder is the folder of all homes';
  return undefined;
}

/**
 * Refuses accounts that must never be wiped as patrons. `groupsOf` is injectable for tests; a
 * failure to read the groups refuses (fail closed).
 */
export async function vetPatronAccount(
  account: Account | undefined,
  platform: Platform,
  groupsOf: GroupsOf = systemGroupsOf(platform),
): Promise<VetResult> {
  if (!account) return { ok: false, code: 'E_ACCOUNT_UNKNOWN', reason: 'the account is not known to this computer' };
  if (platform === 'win32') {
    const sid = account.sid;
    if (!sid || !SID.test(sid)) return { ok: false, code: 'E_ACCOUNT_UNKNOWN', reason: 'the account has no security identifier' };
    if (/^S-1-5-(18|19|20)$/.test(sid))
      return refused('a Windows service account (SYSTEM, LOCAL SERVICE, NETWORK SERVICE) cannot be a patron account');
    if (/^S-1-5-21-.*-500$/.test(sid)) return refused('the built-in Administrator account cannot be a patron account');
    if (!/^S-1-5-21-\d+-\d+-\d+-\d+$/.test(sid) && !/^S-1-12-1(-\d+){4}$/.test(sid)) {
      return refused('a well-known or service identity cannot be a patron account');
    }
  } else {
    const uid = account.uid;
    if (uid === undefined || !Number.isInteger(uid) || uid < 0)
      return { ok: false, code: 'E_ACCOUNT_UNKNOWN', reason: 'the account has no valid uid' };
    if (uid === 0) return refused('uid 0 (root) cannot be a patron account');
    if (uid < (MIN_UID[platform] ?? 1000))
      return refused(`system accounts (uid below ${MIN_UID[platform] ?? 1000}) cannot be patron accounts`);
    if (uid === 65534 || uid >= 4294967294) return refused('the nobody account cannot be a patron account');
    if (account.gid === 0) return refused('an account whose primary group is root (gid 0) cannot be a patron account');
  }
  const problem = homeProblem(account.home, platform);
  if (problem) return refused(`${problem}; it cannot be a patron home`);
  let groups: string[];
  try {
    groups = await groupsOf(account.name, account.sid);
  } catch {
    return refused('the group membership could not be checked');
  }
  const admin = ADMIN_GROUPS[platform].map((g) => g.toLowerCase());
  if (groups.some((g) => admin.includes(g.toLowerCase()))) return refused('members of administrator groups cannot be patron accounts');
  return { ok: true };
}
