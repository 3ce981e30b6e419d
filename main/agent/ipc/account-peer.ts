/**
 * Whether the client at the other end of a patron-channel connection may act for a patron account
 * (its idle ticks, its logout hint): only a process of that account's uid, or root. With fast user
 * switching two patrons share the 0666 socket; without this, one could arm the other's idle logout
 * or wipe the other's session early.
 *
 *   peer uid known          allowed iff it is 0 or the account's uid (from the agent's resolver:
 *                           the target's uid, else the owner of its home, as the planner does)
 *   unsupported (not Linux) allowed: endpoint-only authorization, as before
 *   unavailable             allowed (as before), logged once per connection as `ipc.peer-unknown`
 *   gone / ambiguous        refused: the sender vanished or the answers were forged or conflicting
 * Refusals are logged as `ipc.peer-refused` with a fixed reason; never a name, uid, pid or path.
 */
import { lstatSync } from 'node:fs';
import type { AccountTargetResolver } from '../config/targets.js';
import type { EventLog } from '../log/logger.js';
import type { Caller } from './server.js';

export interface AccountPeerCheck {
  /** Resolves to true when the caller may act for `account`; call it before any await. */
  mayActFor(caller: Caller, account: string): Promise<boolean>;
}

export function accountPeerCheck(resolveAccount: AccountTargetResolver, log: EventLog): AccountPeerCheck {
  const loggedUnknown = new WeakSet<object>();
  const uids = new WeakMap<object, Map<string, Promise<number | undefined>>>();
  const accountUid = (caller: Caller, account: string): Promise<number | undefined> => {
    let perConnection = uids.get(caller.connection);
    if (!perConnection) uids.set(caller.connection, perConnection = new Map());
    let uid = perConnection.get(account);
    if (!uid) {
      uid = resolveAccount(account, []).then((t) => t.uid ?? lstatSync(t.home).uid, () => undefined);
      perConnection.set(account, uid);
    }
    return uid;
  };
  return {
    async mayActFor(caller, account) {
      const peer = await caller.peerUid();
      if ('uid' in peer) {
        if (peer.uid === 0) return true;
        const uid = await accountUid(caller, account).catch(() => undefined);
        if (uid === peer.uid) return true;
        log.warn('ipc.peer-refused', { reason: uid === undefined ? 'account-uid-unknown' : 'other-uid' });
        return false;
      }
      if (peer.unknown === 'unsupported') return true;
      if (peer.unknown === 'unavailable') {
        if (!loggedUnknown.has(caller.connection)) {
          loggedUnknown.add(caller.connection);
          log.warn('ipc.peer-unknown', { reason: peer.unknown });
        }
        return true;
      }
      log.warn('ipc.peer-refused', { reason: peer.unknown });
      return false;
    },
  };
}
