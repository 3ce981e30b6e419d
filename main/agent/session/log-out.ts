/**
 * Logging a patron out, per OS, as pure command builders plus one executor that runs them through
 * an injectable runner (tests never log anyone out):
 *
 *   Linux    loginctl terminate-session ID   |  loginctl terminate-user NAME
 *   Windows  logoff ID                       (ID from `query user`, windows-sessions.ts)
 *   macOS    launchctl bootout user/UID      (UID from scutil, macos-console.ts)
 *
 * Targets are validated so that nothing can be read as an option or reach root/SYSTEM sessions:
 * no leading '-', no whitespace or control characters, uid > 0, Windows session id > 0 (session
 * 0 hosts services). Errors are fixed text: they never contain the account.
 */
import type { Platform } from '../catalog/schema.js';
import { runCommand, type CommandRunner } from '../base/run-command.js';
import { listWindowsSessions, windowsAccounts } from './sources/windows-sessions.js';
import { macAccounts, readConsoleState } from './sources/macos-console.js';

export type LogOutTarget =
  | { platform: 'linux'; sessionId: string }
  | { platform: 'linux'; user: string }
  | { platform: 'win32'; sessionId: number }
  | { platform: 'darwin'; uid: number };

export interface OsCommand {
  file: string;
  args: string[];
}

const SAFE_NAME = /^[^\s\-\p{Cc}][^\s\p{Cc}]*$/u;
const SAFE_SESSION = /^[A-Za-z0-9]+$/;

export class LogOutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogOutError';
  }
}

export function buildLogOutCommand(target: LogOutTarget): OsCommand {
  switch (target.platform) {
    case 'linux':
      if ('sessionId' in target) {
        if (!SAFE_SESSION.test(target.sessionId)) throw new LogOutError('invalid logind session id');
        return { file: 'loginctl', args: ['terminate-session', target.sessionId] };
      }
      if (!SAFE_NAME.test(target.user) || target.user === 'root') throw new LogOutError('invalid account name for terminate-user');
      return { file: 'loginctl', args: ['terminate-user', target.user] };
    case 'win32':
      if (!Number.isInteger(target.sessionId) || target.sessionId <= 0) throw new LogOutError('invalid Windows session id');
      return { file: 'logoff', args: [String(target.sessionId)] };
    case 'darwin':
      if (!Number.isInteger(target.uid) || target.uid <= 0) throw new LogOutError('invalid uid for launchctl bootout');
      return { file: '/bin/launchctl', args: ['bootout', `user/${target.uid}`] };
  }
}

/** Where the account is logged in: its sessions' targets (empty when it is not logged in). */
export async function resolveLogOutTargets(platform: Platform, account: string, run: CommandRunner = runCommand): Promise<LogOutTarget[]> {
  switch (platform) {
    case 'linux':
      return [{ platform: 'linux', user: account }];
    case 'win32': {
      const ids = windowsAccounts(await listWindowsSessions(run)).get(account) ?? [];
      return ids.map((sessionId) => ({ platform: 'win32', sessionId }));
    }
    case 'darwin': {
      const uid = macAccounts(await readConsoleState(run)).get(account);
      return uid === undefined ? [] : [{ platform: 'darwin', uid }];
    }
  }
}

export interface LogOutResult {
  /** Commands that exited 0. */
  ended: number;
  failed: number;
}

/** Logs the account out everywhere it is logged in. Never throws for a failed command: counts it. */
export async function logOutAccount(platform: Platform, account: string, run: CommandRunner = runCommand): Promise<LogOutResult> {
  const result: LogOutResult = { ended: 0, failed: 0 };
  let targets: LogOutTarget[];
  try {
    targets = await resolveLogOutTargets(platform, account, run);
  } catch {
    return { ended: 0, failed: 1 };
  }
  for (const target of targets) {
    let command: OsCommand;
    try {
      command = buildLogOutCommand(target);
    } catch {
      result.failed++;
      continue;
    }
    const done = await run(command.file, command.args);
    if (done.code === 0) result.ended++;
    else result.failed++;
  }
  return result;
}
