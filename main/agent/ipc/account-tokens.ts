/**
 * Account tokens: how the patron channel knows that a request acting for a patron account comes
 * from that account (issue 9, case 11). Node has no SO_PEERCRED, and looking at who holds the
 * peer socket when the request arrives (ss + /proc) can be fooled: the patron hands the
 * connection to a setuid-root program and exits. A token cannot be handed on that way: it is
 * knowledge, which only a process that can read the account's token file has.
 *
 *   <stateDir>/patron-tokens/            owner the agent (root), mode 0711: no one else lists
 *                                         or creates entries
 *   <stateDir>/patron-tokens/<uid>       owner <uid>, mode 0400: 32 random bytes, base64url
 *
 * Only <uid> (and root) can read its file, so only its processes can present its token. A new
 * token is written at agent start, when an account is configured and at every session start of
 * the account, so a token copied in one session is worthless in the next. The agent keeps only
 * SHA-256 hashes of the tokens in memory. Windows: not used (a file's mode means nothing there).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { silentLog, type EventLog } from '../log/logger.js';

export const ACCOUNT_TOKEN_DIR = 'patron-tokens';

/** Where the token of `uid` is (the app computes the same path: main/app/agent-address.ts). */
export function accountTokenFile(stateDir: string, uid: number): string {
  return path.join(path.resolve(stateDir), ACCOUNT_TOKEN_DIR, String(uid));
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class AccountTokens {
  private readonly byHash = new Map<string, number>();
  private readonly hashOfUid = new Map<number, string>();
  private readonly dir: string;
  private readonly euid: number | undefined;
  private usable = false;

  constructor(
    stateDir: string,
    private readonly log: EventLog = silentLog,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.dir = path.join(path.resolve(stateDir), ACCOUNT_TOKEN_DIR);
    this.euid = platform === 'win32' ? undefined : process.geteuid?.();
  }

  /** Creates the folder (or checks the existing one) and removes tokens of an earlier run. */
  prepare(): void {
    if (this.euid === undefined) return;
    mkdirSync(this.dir, { mode: 0o711, recursive: true });
    const st = lstatSync(this.dir);
    if (!st.isDirectory() || st.uid !== this.euid) {
      this.log.error('ipc.tokens-refused', { reason: 'token folder not a folder of the agent' });
      return;
    }
    // chmod by path is safe here: the parent (the state directory) is the agent's and not writable by others.
    const fd = openSync(this.dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
    try {
      fchmodSync(fd, 0o711);
    } finally {
      closeSync(fd);
    }
    for (const name of readdirSync(this.dir)) rmSync(path.join(this.dir, name), { force: true, recursive: true });
    this.usable = true;
  }

  /** Whether a token can be issued for `uid` (a root agent: any uid; otherwise only its own). */
  canIssue(uid: number): boolean {
    return this.usable && (this.euid === 0 || this.euid === uid);
  }

  has(uid: number): boolean {
    return this.hashOfUid.has(uid);
  }

  /** Writes a new token for `uid` (the old one stops working); false when it cannot. */
  issue(uid: number): boolean {
    if (!this.canIssue(uid) || !Number.isInteger(uid) || uid < 0) return false;
    const token = randomBytes(32).toString('base64url');
    const tmp = path.join(this.dir, `.${uid}.${randomBytes(6).toString('hex')}`);
    try {
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o400);
      try {
        writeSync(fd, token + '\n');
        fchownSync(fd, uid, process.getegid?.() ?? 0);
        fchmodSync(fd, 0o400);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path.join(this.dir, String(uid)));
    } catch {
      rmSync(tmp, { force: true });
      this.log.warn('ipc.token-failed', { reason: 'write' });
      return false;
    }
    const old = this.hashOfUid.get(uid);
    if (old !== undefined) this.byHash.delete(old);
    const hash = hashOf(token);
    this.byHash.set(hash, uid);
    this.hashOfUid.set(uid, hash);
    return true;
  }

  /** The uid whose current token this is, or undefined. */
  uidOf(token: string | undefined): number | undefined {
    return token === undefined ? undefined : this.byHash.get(hashOf(token));
  }
}
