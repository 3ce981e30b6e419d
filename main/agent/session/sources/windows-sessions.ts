/**
 * Windows: poll `query user` (quser.exe) as SYSTEM and diff. This is the safety net; the prompt
 * path is the scheduled task build/windows/tabula-logoff-task.xml, which runs
 * `tabula session end --account <user>` as SYSTEM on the logoff events (Security 4647
 * "User initiated logoff", User Profile Service 4 "finished processing logoff"), after the
 * patron's session is gone — see build/windows/README.md.
 *
 * quser prints fixed columns whatever the display language (only the header is translated):
 *
 *    USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME
 *   >patron                console             1  Active      none   3/4/2025 9:12 AM
 *    staff                                     2  Disc            5  3/4/2025 8:01 AM
 *
 *    BENUTZERNAME          SITZUNGSNAME       ID  STATUS  LEERLAUF   ANMELDEZEIT
 *   >patron                console             1  Aktiv       Kein   04.03.2025 09:12
 *
 * Column 0 is '>' for the session quser runs in (or a space); the user name fills columns 1–22
 * (quser cuts names at 20 characters); a disconnected session has no session name. With nobody
 * logged on quser exits 1 and prints "No User exists for *" (localized) on stderr.
 * quser writes in the OEM code page: names outside ASCII may not round-trip (see report).
 */
import { runCommand, type CommandRunner } from '../../base/run-command.js';
import { PollingSource, type PollSourceOptions } from './polling.js';

export interface WindowsSession {
  user: string;
  /** Empty for a disconnected session. */
  sessionName: string;
  id: number;
  /** As printed, localized: Active/Aktiv/Actif, Disc/Getr./Déco, ... */
  state: string;
  /** The line had the '>' marker: the session quser itself ran in. */
  current: boolean;
}

const DISCONNECTED = /^(disc|getr|déco|deco|desc|disconn)/i;

/** True when the localized state means "disconnected" (the user is still logged on). */
export function isDisconnected(state: string): boolean {
  return DISCONNECTED.test(state);
}

/** The user name column: index 1 up to (not including) 22; the session name starts at 23. */
const NAME_END = 22;
/** After the name: optional session name, the id, the state. Never matches the localized header. */
const REST = /^\s*(?:(\S+)\s+)?(\d+)\s+(\S+)(?:\s|$)/;

/** Parses `query user` output in any display language. Header, blank and message lines are skipped. */
export function parseQueryUser(text: string): WindowsSession[] {
  const sessions: WindowsSession[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (line.length <= NAME_END) continue;
    let user = line.slice(1, NAME_END).trim();
    let rest = line.slice(NAME_END);
    if (line.charAt(NAME_END - 1) !== ' ') {
      // Longer than quser's 20 characters (other tools): the name ends at the first run of 2+ spaces.
      const long = /^.(.+?)\s{2,}(.*)$/.exec(line);
      user = (long?.[1] ?? '').trim();
      rest = long?.[2] ?? '';
    }
    const m = REST.exec(rest);
    if (!user || !m) continue;
    sessions.push({ user, sessionName: m[1] ?? '', id: Number(m[2]), state: m[3] ?? '', current: line.startsWith('>') });
  }
  return sessions;
}

/** Logged-on accounts (connected or disconnected) with their session ids. */
export function windowsAccounts(sessions: readonly WindowsSession[]): Map<string, number[]> {
  const accounts = new Map<string, number[]>();
  for (const s of sessions) accounts.set(s.user, [...(accounts.get(s.user) ?? []), s.id]);
  return accounts;
}

/** Runs `query user`; "nobody logged on" (exit 1, nothing on stdout) is an empty list. */
export async function listWindowsSessions(run: CommandRunner = runCommand): Promise<WindowsSession[]> {
  const result = await run('query', ['user']);
  if (result.code === 0) return parseQueryUser(result.stdout);
  if (result.code === 1 && result.stdout.trim() === '' && result.stderr.trim() !== '') return [];
  throw new Error('query user failed');
}

export function createWindowsSessionsSource(options: PollSourceOptions = {}): PollingSource {
  return new PollingSource({
    name: 'windows-sessions',
    intervalMs: options.intervalMs ?? 5_000,
    onError: options.onError,
    snapshot: async () => new Set(windowsAccounts(await listWindowsSessions(options.run)).keys()),
  });
}
