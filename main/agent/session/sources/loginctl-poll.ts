/**
 * The Linux safety net behind logind's D-Bus signals: poll `loginctl list-sessions` and diff.
 *
 * Output shapes handled (recordings in tests/fixtures/session/):
 * - systemd ≤ 255: `--output=json` gives `[{"session","uid","user","seat","tty"}]` (252: seat "" when
 *   none, tty "n/a"; some 252–255 builds add "state", "idle", "since").
 * - systemd ≥ 256: `-o/--output` no longer applies to list-sessions (the table is printed);
 *   JSON is `--json=short`: `[{"session","uid","user","seat":null,"leader","class","tty","idle","since"}]`.
 * - the table (`--no-legend`): 252 `SESSION UID USER SEAT TTY` (blank seat), 256+
 *   `SESSION UID USER SEAT LEADER CLASS TTY IDLE SINCE` ('-' for empty fields).
 * So the poller asks for `--json=short` first, then `--output=json`, and parses whatever comes
 * back (JSON or table).
 */
import { runCommand, type CommandRunner } from '../../base/run-command.js';
import { PollingSource, type PollSourceOptions } from './polling.js';
import { isLoginClass } from './session-class.js';

export interface LoginctlSession {
  id: string;
  uid: number;
  user: string;
  seat?: string;
  tty?: string;
  /** 256+: user, user-early, user-incomplete, greeter, lock-screen, background, manager, ... */
  sessionClass?: string;
}

const KNOWN_CLASSES = new Set([
  'user',
  'user-early',
  'user-incomplete',
  'user-light',
  'user-early-light',
  'greeter',
  'lock-screen',
  'background',
  'background-light',
  'manager',
  'manager-early',
  'none',
]);

function optional(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value === '' || value === '-' || value === 'n/a' ? undefined : value;
}

/** Parses `loginctl list-sessions` JSON of any systemd version. Throws on anything else. */
export function parseLoginctlJson(text: string): LoginctlSession[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('loginctl JSON output is not an array');
  const sessions: LoginctlSession[] = [];
  for (const row of parsed) {
    if (typeof row !== 'object' || row === null) continue;
    const r = row as Record<string, unknown>;
    const id = typeof r.session === 'string' ? r.session : typeof r.session === 'number' ? String(r.session) : undefined;
    const uid = typeof r.uid === 'number' ? r.uid : typeof r.uid === 'string' ? Number(r.uid) : NaN;
    const user = typeof r.user === 'string' ? r.user : undefined;
    if (!id || !user || !Number.isInteger(uid)) continue;
    const session: LoginctlSession = { id, uid, user };
    const seat = optional(r.seat);
    const tty = optional(r.tty);
    const sessionClass = optional(r.class);
    if (seat) session.seat = seat;
    if (tty) session.tty = tty;
    if (sessionClass) session.sessionClass = sessionClass;
    sessions.push(session);
  }
  return sessions;
}

const HEADER = /^\s*SESSION\s+UID\s+USER\b/;
const FOOTER = /^\s*\d+\s+sessions?\s+listed\.?\s*$|^\s*No sessions\.?\s*$/;

/** Parses the `loginctl list-sessions` table (with or without legend) of any systemd version. */
export function parseLoginctlTable(text: string): LoginctlSession[] {
  const sessions: LoginctlSession[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || HEADER.test(line) || FOOTER.test(line)) continue;
    const cells = line.trim().split(/\s+/);
    const [id, uidText, user] = cells;
    if (!id || !uidText || !user || !/^\d+$/.test(uidText)) continue;
    const session: LoginctlSession = { id, uid: Number(uidText), user };
    if (cells.length >= 9 && KNOWN_CLASSES.has(cells[5] ?? '')) {
      // 256+: SESSION UID USER SEAT LEADER CLASS TTY IDLE SINCE, every empty field printed as '-'.
      const seat = optional(cells[3]);
      const tty = optional(cells[6]);
      if (seat) session.seat = seat;
      if (tty) session.tty = tty;
      session.sessionClass = cells[5] as string;
    }
    sessions.push(session);
  }
  return sessions;
}

/** JSON when it looks like JSON, else the table. */
export function parseLoginctlSessions(text: string): LoginctlSession[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.startsWith('[') || trimmed.startsWith('{') ? parseLoginctlJson(trimmed) : parseLoginctlTable(trimmed);
}

/** Accounts with at least one login session (greeter and per-user manager sessions don't count). */
export function loggedInAccounts(sessions: readonly LoginctlSession[]): Set<string> {
  const accounts = new Set<string>();
  for (const s of sessions) {
    if (!isLoginClass(s.sessionClass)) continue;
    accounts.add(s.user);
  }
  return accounts;
}

const ATTEMPTS: readonly (readonly string[])[] = [
  ['list-sessions', '--no-legend', '--no-pager', '--json=short'],
  ['list-sessions', '--no-legend', '--no-pager', '--output=json'],
  ['list-sessions', '--no-legend', '--no-pager'],
];

/** Lists sessions with the newest syntax this loginctl accepts (remembered after the first success). */
export async function listLoginctlSessions(
  run: CommandRunner = runCommand,
  loginctl = 'loginctl',
  start = 0,
): Promise<{ sessions: LoginctlSession[]; attempt: number }> {
  for (let attempt = start; attempt < ATTEMPTS.length; attempt++) {
    const result = await run(loginctl, ATTEMPTS[attempt] as readonly string[]);
    if (result.code !== 0) continue;
    try {
      return { sessions: parseLoginctlSessions(result.stdout), attempt };
    } catch {
      continue;
    }
  }
  throw new Error('loginctl list-sessions failed with every known syntax');
}

export interface LoginctlPollOptions extends PollSourceOptions {
  loginctl?: string;
}

export function createLoginctlPollSource(options: LoginctlPollOptions = {}): PollingSource {
  let attempt = 0;
  return new PollingSource({
    name: 'loginctl-poll',
    intervalMs: options.intervalMs ?? 10_000,
    onError: options.onError,
    snapshot: async () => {
      const listed = await listLoginctlSessions(options.run, options.loginctl, attempt);
      attempt = listed.attempt;
      return loggedInAccounts(listed.sessions);
    },
  });
}
