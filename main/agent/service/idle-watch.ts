/**
 * The agent's idle logout: idle ticks from the app in a patron session feed one IdleMachine
 * (session/idle.ts) per patron account; a timer wakes the machine at `nextCheckAt()`; its outputs
 * become `countdown` events to that account's app; on expiry the agent ends the OS session (the
 * `endOsSession` hook) and queues a verified wipe with trigger `idle`.
 *
 * Which account a tick is about: the tick's `account` when it is a configured patron account
 * (another name: ignored); without one, the single patron account with an open session. Only
 * accounts with an open session (journal dirty) are watched.
 *
 * Nobody is logged out unseen: a machine is armed only while a watching patron-channel connection
 * (the app, `status {watch: true}`) has ticked for that account; when the last one closes the
 * machine is disarmed and a running countdown is cancelled, so a crashed app never logs a busy
 * patron out. Other connections' ticks still count as input (they can only postpone the logout).
 * Countdown events go only to that account's apps. Logs carry no account name: events and codes.
 */
import type { CountdownInfo } from '../../../protocol/ipc.js';
import { DEFAULT_CONFIG, type Config } from '../config/schema.js';
import type { EventLog } from '../log/logger.js';
import type { Connection } from '../ipc/server.js';
import { IdleMachine, type IdleConfig, type IdleOutput, type IdleState } from '../session/idle.js';
import { TabulaError, codeOf } from '../base/errors.js';
import type { Agent } from './agent.js';

export interface IdleClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const SYSTEM_CLOCK: IdleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface IdleWatchDeps {
  config: () => IdleConfig;
  patrons: () => readonly string[];
  /** Whether the account has an open session (journal dirty). */
  isOpen: (account: string) => boolean;
  /** Logs the account out (the agent's `endOsSession` hook); absent: the wipe runs alone. */
  endOsSession?: (account: string) => Promise<void>;
  /** Queues the verified wipe of the account with trigger 'idle'. */
  wipe: (account: string) => Promise<unknown>;
  log: EventLog;
  clock?: IdleClock;
}

interface Watched {
  machine: IdleMachine;
  /** The watching patron-channel connections that ticked for this account, with their close hooks. */
  apps: Map<Connection, () => void>;
  timer?: unknown;
}

/** Timers fire a little late rather than early (check() would then find nothing due). */
const SLACK_MS = 5;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** config.idle with the defaults' values for what is missing. */
export function idleConfigOf(config: Config): IdleConfig {
  const defaults = DEFAULT_CONFIG.idle ?? {};
  return {
    timeoutSec: config.idle?.timeoutSec ?? defaults.timeoutSec ?? 900,
    warningSec: config.idle?.warningSec ?? defaults.warningSec ?? 60,
  };
}

export class IdleWatch {
  private readonly watched = new Map<string, Watched>();
  private readonly clock: IdleClock;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: IdleWatchDeps) {
    this.clock = deps.clock ?? SYSTEM_CLOCK;
  }

  /** An idleTick request that came over `connection`. */
  tick(connection: Connection, idleMs: number, account?: string): void {
    const name = this.accountFor(account);
    if (name === undefined) return;
    if (!this.deps.isOpen(name)) {
      this.drop(name);
      return;
    }
    let w = this.watched.get(name);
    if (!w) {
      w = { machine: new IdleMachine(this.deps.config(), () => this.clock.now()), apps: new Map() };
      this.watched.set(name, w);
    }
    if (connection.endpoint === 'patron' && connection.watching && !connection.closed) this.attach(name, w, connection);
    if (w.apps.size === 0) return;
    this.apply(name, w, w.machine.tick(idleMs));
  }

  /** The configuration changed: new limits for every machine (a running countdown keeps its end). */
  configure(): void {
    const config = this.deps.config();
    for (const [name, w] of this.watched) {
      w.machine.configure(config);
      this.schedule(name, w);
    }
  }

  /** Sessions may have closed (a wipe finished): drop the accounts that have none open any more. */
  refresh(): void {
    for (const name of [...this.watched.keys()]) if (!this.deps.isOpen(name)) this.drop(name);
  }

  /** For status and tests: the machine's state for an account ('disarmed' when not watched). */
  state(account: string): IdleState {
    return this.watched.get(account)?.machine.state ?? 'disarmed';
  }

  /** Resolves when the logouts and wipes started by expiries so far are done. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  stop(): void {
    for (const name of [...this.watched.keys()]) this.forget(name);
  }

  /** The patron account a tick naming `account` (or none) is about; undefined: it is ignored. */
  accountFor(account: string | undefined): string | undefined {
    const patrons = this.deps.patrons();
    if (account !== undefined) return patrons.includes(account) ? account : undefined;
    const open = patrons.filter((p) => this.deps.isOpen(p));
    return open.length === 1 ? open[0] : undefined;
  }

  private attach(name: string, w: Watched, connection: Connection): void {
    if (w.apps.has(connection)) return;
    w.apps.set(
      connection,
      connection.onClose(() => this.detach(name, connection)),
    );
    const secondsLeft = w.machine.secondsLeft();
    if (secondsLeft !== undefined)
      connection.send(countdownEvent({ state: 'counting', secondsLeft, totalSeconds: this.deps.config().warningSec }));
  }

  private detach(name: string, connection: Connection): void {
    const w = this.watched.get(name);
    if (!w || !w.apps.delete(connection) || w.apps.size > 0) return;
    const outs = w.machine.disarm();
    this.deps.log.info('idle.disarmed', { reason: 'no-app', cancelled: outs.length > 0 });
    this.schedule(name, w);
  }

  private apply(name: string, w: Watched, outs: IdleOutput[]): void {
    for (const out of outs) {
      if (out.type === 'countdown-start') {
        this.deps.log.info('idle.countdown', { secondsLeft: out.secondsLeft });
        this.broadcast(w, { state: 'counting', secondsLeft: out.secondsLeft, totalSeconds: this.deps.config().warningSec });
      } else if (out.type === 'countdown-cancel') {
        this.deps.log.info('idle.cancelled', {});
        this.broadcast(w, { state: 'cancelled' });
      } else {
        this.broadcast(w, { state: 'expired' });
        this.expire(name);
        return;
      }
    }
    this.schedule(name, w);
  }

  private check(name: string): void {
    const w = this.watched.get(name);
    if (!w) return;
    w.timer = undefined;
    if (!this.deps.isOpen(name)) {
      this.drop(name);
      return;
    }
    this.apply(name, w, w.machine.check());
  }

  private schedule(name: string, w: Watched): void {
    if (w.timer !== undefined) this.clock.clearTimer(w.timer);
    w.timer = undefined;
    const at = w.machine.nextCheckAt();
    if (at === undefined || w.apps.size === 0) return;
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now()) + SLACK_MS);
    w.timer = this.clock.setTimer(() => this.check(name), ms);
  }

  private broadcast(w: Watched, countdown: CountdownInfo): void {
    for (const connection of w.apps.keys()) connection.send(countdownEvent(countdown));
  }

  /** The session closed (wiped, logged out): cancel a running countdown and forget the account. */
  private drop(name: string): void {
    const w = this.watched.get(name);
    if (!w) return;
    if (w.machine.disarm().length > 0) {
      this.deps.log.info('idle.cancelled', { reason: 'session-closed' });
      this.broadcast(w, { state: 'cancelled' });
    }
    this.forget(name);
  }

  private forget(name: string): void {
    const w = this.watched.get(name);
    if (!w) return;
    if (w.timer !== undefined) this.clock.clearTimer(w.timer);
    for (const off of w.apps.values()) off();
    this.watched.delete(name);
  }

  /** Log out, then wipe: the wipe runs even when the logout fails (the patron has left). */
  private expire(name: string): void {
    this.forget(name);
    const job = (async () => {
      let logout = 'ok';
      try {
        if (!this.deps.endOsSession) throw new TabulaError('E_UNSUPPORTED');
        await this.deps.endOsSession(name);
      } catch (error) {
        logout = codeOf(error);
      }
      this.deps.log.info('idle.expired', { logout });
      try {
        await this.deps.wipe(name);
      } catch (error) {
        this.deps.log.error('idle.wipe-failed', { code: codeOf(error) });
      }
    })();
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }
}

function countdownEvent(countdown: CountdownInfo) {
  return { event: 'countdown', countdown } as const;
}

/** The agent's idle watch: its configuration, journal and wipe queue. */
export function idleWatchFor(
  agent: Agent,
  options: { endOsSession?: (account: string) => Promise<void>; log: EventLog; clock?: IdleClock },
): IdleWatch {
  const watch = new IdleWatch({
    config: () => idleConfigOf(agent.config),
    patrons: () => agent.config.accounts ?? [],
    isOpen: (account) => agent.journal.isDirty({ kind: 'account', name: account }),
    endOsSession: options.endOsSession,
    wipe: (account) => agent.wipeTarget({ kind: 'account', name: account }, 'idle').promise,
    log: options.log,
    clock: options.clock,
  });
  agent.onWipeDone(() => watch.refresh());
  return watch;
}
