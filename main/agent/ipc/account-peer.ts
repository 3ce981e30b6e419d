/**
 * Whether the client at the other end of a patron-channel connection may act for a patron account
 * (its idle ticks, its session start, its logout hint): only if the request carries that
 * account's current token (account-tokens.ts), which only the account's own processes (and root)
 * can read. With fast user switching two patrons share the 0666 socket; without this, one could
 * arm the other's idle logout or wipe the other's session early. Who holds the socket does not
 * matter, so handing the connection to a setuid-root program gains nothing.
 *
 *   token of the account's uid   allowed (the uid from the agent's resolver: the target's uid,
 *                                else the owner of its home, as the planner does)
 *   no token, an old or unknown one, another uid's: refused
 *   Windows                      allowed: endpoint-only authorization (no token files there)
 * A refusal for an account that has no token yet writes one, so its app's next request passes.
 * Refusals are logged as `ipc.peer-refused` with a fixed reason; never a name, uid, pid or path.
 */
import { lstatSync } from 'node:fs';
import type { AccountTargetResolver } from '../config/targets.js';
import type { EventLog } from '../log/logger.js';
import type { AccountTokens } from './account-tokens.js';

export interface AccountPeerCheck {
  /** Resolves to true when a request carrying `token` may act for `account`. */
  mayActFor(account: string, token: string | undefined): Promise<boolean>;
  /** The account's uid (for issuing its token), or undefined when it cannot be resolved. */
  uidOf(account: string): Promise<number | undefined>;
}

export function accountPeerCheck(
  resolveAccount: AccountTargetResolver,
  tokens: AccountTokens,
  log: EventLog,
  platform: NodeJS.Platform = process.platform,
): AccountPeerCheck {
  // Resolved at most every 30 s per account: idle ticks come every 5 s.
  const cache = new Map<string, { at: number; uid: Promise<number | undefined> }>();
  const uidOf = (account: string): Promise<number | undefined> => {
    const hit = cache.get(account);
    if (hit && performance.now() - hit.at < 30_000) return hit.uid;
    if (cache.size > 1000) cache.clear();
    const uid = resolveAccount(account, []).then(
      (t) => t.uid ?? lstatSync(t.home).uid,
      () => undefined,
    );
    cache.set(account, { at: performance.now(), uid });
    return uid;
  };
  const refuse = (reason: string) => {
    log.warn('ipc.peer-refused', { reason });
    return false;
  };
  return {
    uidOf,
    async mayActFor(account, token) {
      if (platform === 'win32') return true;
      const claimed = tokens.uidOf(token);
      const uid = await uidOf(account);
      if (uid === undefined) return refuse('account-uid-unknown');
      if (claimed === uid) return true;
      if (!tokens.has(uid)) tokens.issue(uid);
      return refuse(token === undefined ? 'no-token' : claimed === undefined ? 'bad-token' : 'other-uid');
    },
  };
}
