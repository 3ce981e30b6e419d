/** The local channel's requests, mapped onto the agent. Answers carry counts and codes only. */
import path from 'node:path';
import { acceptedWithoutToken, type IpcRequest } from '../../../protocol/ipc.js';
import { accountPeerCheck, type AccountPeerCheck } from '../ipc/account-peer.js';
import { AccountTokens } from '../ipc/account-tokens.js';
import type { Caller, IpcHandler } from '../ipc/server.js';
import { systemAccountResolver, type AccountTargetResolver } from '../config/targets.js';
import { silentLog, type EventLog } from '../log/logger.js';
import type { JournalTarget } from '../session/journal.js';
import { TabulaError } from '../base/errors.js';
import type { Agent } from './agent.js';
import { StaffLockedError } from './staff-pin.js';
import type { IdleWatch } from './idle-watch.js';

type Who = { account?: string; home?: string; temp?: string[] };

/** The target a request names; explicit roots only over the privileged endpoint (they are paths). */
function targetOf(who: Who, caller: Caller): JournalTarget | undefined {
  if (who.account !== undefined && who.home !== undefined) throw new TabulaError('E_BAD_REQUEST', 'give an account or a home, not both');
  if (who.home !== undefined) {
    if (caller.endpoint !== 'privileged') throw new TabulaError('E_FORBIDDEN');
    const temp = who.temp ?? [];
    if (![who.home, ...temp].every((p) => path.isAbsolute(p))) throw new TabulaError('E_BAD_REQUEST', 'roots must be absolute');
    return { kind: 'roots', home: who.home, temp };
  }
  if (who.temp !== undefined) throw new TabulaError('E_BAD_REQUEST', '--temp goes with --home');
  return who.account !== undefined ? { kind: 'account', name: who.account } : undefined;
}

export interface HandlerOptions {
  /** The agent's account resolver (the uid of a patron account, for the peer check). */
  resolveAccount?: AccountTargetResolver;
  log?: EventLog;
  /** The account tokens (default: a set in the agent's state directory, prepared and kept here). */
  tokens?: AccountTokens;
}

/**
 * Over the patron channel without a staff token, idle ticks, the session start and the logout
 * hint for a patron account need that account's token (see ipc/account-peer.ts): otherwise
 * E_FORBIDDEN.
 */
type PeerGate = (caller: Caller, account: string | undefined, token: string | undefined) => Promise<void>;

function peerGate(agent: Agent, check: AccountPeerCheck): PeerGate {
  return async (caller, account, token) => {
    if (caller.privileged || caller.endpoint !== 'patron' || account === undefined || !agent.isPatron(account)) return;
    if (!(await check.mayActFor(account, token))) throw new TabulaError('E_FORBIDDEN');
  };
}

/**
 * Keeps a current token for every configured patron account: one now (resolved when the promise
 * settles), one for each account configured later, a new one at each session start of the account
 * (a copy taken in an earlier session stops working).
 */
export function keepAccountTokens(
  agent: Agent,
  tokens: AccountTokens,
  resolveAccount: AccountTargetResolver,
  log: EventLog = silentLog,
): Promise<void> {
  const { uidOf } = accountPeerCheck(resolveAccount, tokens, log);
  const issue = async (account: string, fresh: boolean) => {
    const uid = await uidOf(account);
    if (uid !== undefined && (fresh || !tokens.has(uid))) tokens.issue(uid);
  };
  const all = () => Promise.all((agent.config.accounts ?? []).map((account) => issue(account, false))).then(() => undefined);
  agent.onConfig(() => void all());
  agent.onSessionStart((target) => {
    if (target.kind === 'account') void issue(target.name, true);
  });
  return all();
}

export function agentHandler(agent: Agent, idle?: IdleWatch, options: HandlerOptions = {}): IpcHandler {
  const log = options.log ?? silentLog;
  const resolveAccount = options.resolveAccount ?? systemAccountResolver(agent.platform);
  let tokens = options.tokens;
  if (!tokens) {
    tokens = new AccountTokens(agent.stateDir, log);
    tokens.prepare();
    void keepAccountTokens(agent, tokens, resolveAccount, log);
  }
  const check = accountPeerCheck(resolveAccount, tokens, log);
  const gate = peerGate(agent, check);
  return async (request: IpcRequest, caller: Caller) => {
    switch (request.type) {
      case 'status':
        if (request.watch) {
          caller.watch((send) => {
            const a = agent.onProgress((progress) => send({ event: 'progress', progress }));
            const b = agent.onWipeDone((result) => send({ event: 'wipeDone', result }));
            return () => {
              a();
              b();
            };
          });
        }
        await agent.refreshHomes(); // resolves each configured account once (per configuration)
        return agent.status();
      case 'sessionStart': {
        const target = targetOf(request, caller);
        if (!target) throw new TabulaError('E_BAD_REQUEST', 'no account or home');
        await gate(caller, request.account, request.accountToken);
        agent.sessionStart(target, caller.endpoint === 'privileged' ? 'ipc' : 'ipc-patron');
        return { dirty: true };
      }
      case 'sessionEnd':
      case 'wipeNow': {
        // Without a token only the app's logout hint for an account (the server checked it too).
        if (!caller.privileged && !acceptedWithoutToken(request)) throw new TabulaError('E_FORBIDDEN');
        const trigger = request.type === 'sessionEnd' ? (request.trigger ?? 'logout') : 'manual';
        const target = targetOf(request, caller);
        if (request.type === 'sessionEnd') await gate(caller, request.account, request.accountToken);
        const wait = request.wait !== false;
        // Wipe now leaves the session open: a catalogue wipe in auto mode (a live session's settings cannot be reset).
        const options = { sessionOpen: request.type === 'wipeNow' };
        if (!target) {
          if (request.type === 'sessionEnd') throw new TabulaError('E_BAD_REQUEST', 'no account or home');
          const all = (agent.config.accounts ?? []).map(
            (name) => agent.wipeTarget({ kind: 'account', name }, trigger, undefined, options).promise,
          );
          if (all.length === 0) throw new TabulaError('E_NOT_PATRON');
          const results = wait ? await Promise.all(all) : [];
          return wait ? { queued: true, result: results[results.length - 1] } : { queued: true };
        }
        const { promise } = agent.wipeTarget(target, trigger, undefined, options);
        if (!wait) {
          promise.catch(() => undefined);
          return { queued: true };
        }
        return { queued: true, result: await promise };
      }
      case 'endSession':
        return agent.endSession(request.account, request.wait !== false);
      case 'idleTick':
        await gate(caller, idle ? idle.accountFor(request.account) : request.account, request.accountToken);
        agent.idleTick(request.idleMs, request.account);
        idle?.tick(caller.connection, request.idleMs, request.account);
        return { accepted: true };
      case 'preview':
        return { summary: await agent.preview(request.account) };
      case 'staffUnlock': {
        // Without a PIN there is nothing to guess: say so, and count no wrong PIN towards a lock.
        if (!agent.config.staffPinHash) throw new TabulaError('E_NO_STAFF_PIN');
        const unlocked = agent.staff.unlock(request.pin, agent.config.staffPinHash);
        if (!unlocked) throw new TabulaError('E_FORBIDDEN');
        if ('locked' in unlocked) throw new StaffLockedError(unlocked.retryAfterSec);
        return unlocked;
      }
    }
  };
}
