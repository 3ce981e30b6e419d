/**
 * Several sources can see the same logout (Linux: logind signals and the loginctl poller). This
 * filter passes the first `start` of an account and the first `end` after it, and drops repeats,
 * so the service wipes once per session. `shutdown` and events of other triggers pass unchanged.
 */
import type { SessionEvent } from '../types.js';

export function dedupeSessionEvents(emit: (event: SessionEvent) => void): (event: SessionEvent) => void {
  const active = new Set<string>();
  const known = new Set<string>();
  return (event) => {
    if (event.kind === 'shutdown' || event.account === undefined || event.trigger !== 'logout') {
      emit(event);
      return;
    }
    const account = event.account;
    if (event.kind === 'start') {
      if (active.has(account)) return;
      active.add(account);
      known.add(account);
    } else {
      // An end for an account never seen starting still passes: the agent may have started late.
      if (known.has(account) && !active.has(account)) return;
      active.delete(account);
      known.add(account);
    }
    emit(event);
  };
}
