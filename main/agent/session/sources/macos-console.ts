/**
 * macOS: the LaunchDaemon polls the console user from the System Configuration dynamic store
 * (`scutil` with `show State:/Users/ConsoleUser` on stdin) and diffs; `stat -f %Su /dev/console`
 * is the fallback when scutil gives nothing usable.
 *
 *   <dictionary> {
 *     GID : 20
 *     Name : patron
 *     SessionInfo : <array> {
 *       0 : <dictionary> {
 *         kCGSSessionOnConsoleKey : TRUE
 *         kCGSSessionUserIDKey : 501
 *         kCGSSessionUserNameKey : patron
 *         ...
 *       }
 *     }
 *     UID : 501
 *   }
 *
 * Every SessionInfo entry is a logged-in GUI session (fast user switching keeps a session off
 * the console); top-level Name/UID is the console owner, which can lag behind. At the login
 * window Name is "loginwindow" (UID 0); right after boot the key may be missing ("No such key").
 */
import { runCommand, type CommandRunner } from '../../base/run-command.js';
import { PollingSource, type PollSourceOptions } from './polling.js';

export interface MacSession {
  user: string;
  uid: number;
  onConsole: boolean;
}

export interface ConsoleState {
  /** Top-level Name, when it is a real user (not loginwindow/root). */
  consoleUser?: string;
  consoleUid?: number;
  sessions: MacSession[];
}

const NOT_A_PATRON = new Set(['loginwindow', 'root', '_mbsetupuser', '']);

function isUser(name: string | undefined, uid: number | undefined): name is string {
  return name !== undefined && !NOT_A_PATRON.has(name) && uid !== 0;
}

/** Parses scutil's `show State:/Users/ConsoleUser` output. */
export function parseScutilConsoleUser(text: string): ConsoleState {
  const state: ConsoleState = { sessions: [] };
  let depth = 0;
  let entry: { name?: string; uid?: number; onConsole?: boolean } | undefined;
  let topName: string | undefined;
  let topUid: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.endsWith('{')) {
      depth++;
      if (depth === 3 && /^\d+ : <dictionary> \{$/.test(line)) entry = {};
      continue;
    }
    if (line === '}') {
      if (depth === 3 && entry) {
        if (isUser(entry.name, entry.uid) && entry.uid !== undefined)
          state.sessions.push({ user: entry.name, uid: entry.uid, onConsole: entry.onConsole === true });
        entry = undefined;
      }
      depth--;
      continue;
    }
    const kv = /^([A-Za-z0-9_]+) : (.*)$/.exec(line);
    if (!kv) continue;
    const [, key, value = ''] = kv;
    if (depth === 1) {
      if (key === 'Name') topName = value;
      if (key === 'UID' && /^\d+$/.test(value)) topUid = Number(value);
    } else if (depth === 3 && entry) {
      if (key === 'kCGSSessionUserNameKey') entry.name = value;
      if (key === 'kCGSSessionUserIDKey' && /^\d+$/.test(value)) entry.uid = Number(value);
      if (key === 'kCGSSessionOnConsoleKey') entry.onConsole = value === 'TRUE';
    }
  }
  if (isUser(topName, topUid)) {
    state.consoleUser = topName;
    if (topUid !== undefined) state.consoleUid = topUid;
  }
  return state;
}

/** `stat -f %Su /dev/console`: the console owner, or undefined at the login window (root). */
export function parseConsoleOwner(text: string): string | undefined {
  const name = text.trim();
  return isUser(name, undefined) ? name : undefined;
}

/** Logged-in accounts: every GUI session, plus the console user if the list is missing. */
export function macAccounts(state: ConsoleState): Map<string, number | undefined> {
  const accounts = new Map<string, number | undefined>();
  for (const s of state.sessions) accounts.set(s.user, s.uid);
  if (state.consoleUser && !accounts.has(state.consoleUser)) accounts.set(state.consoleUser, state.consoleUid);
  return accounts;
}

/** Asks scutil, then `stat` when scutil failed. */
export async function readConsoleState(run: CommandRunner = runCommand): Promise<ConsoleState> {
  const scutil = await run('/usr/sbin/scutil', [], { input: 'show State:/Users/ConsoleUser\n' });
  if (scutil.code === 0) return parseScutilConsoleUser(scutil.stdout);
  const stat = await run('/usr/bin/stat', ['-f', '%Su', '/dev/console']);
  if (stat.code !== 0) throw new Error('cannot read the console user');
  const owner = parseConsoleOwner(stat.stdout);
  return owner ? { consoleUser: owner, sessions: [] } : { sessions: [] };
}

export function createMacConsoleSource(options: PollSourceOptions = {}): PollingSource {
  return new PollingSource({
    name: 'macos-console',
    intervalMs: options.intervalMs ?? 3_000,
    onError: options.onError,
    snapshot: async () => new Set(macAccounts(await readConsoleState(options.run)).keys()),
  });
}
