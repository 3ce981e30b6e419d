/**
 * The idle countdown as a pure state machine (no timers, no I/O): the app reports input idleness
 * (`idleTick {idleMs}`, from Electron's powerMonitor.getSystemIdleTime), the service feeds ticks
 * and the clock, and acts on the outputs:
 *
 *   idle ≥ timeoutSec            → countdown-start {secondsLeft: warningSec}  (the patron notice)
 *   input again during countdown → countdown-cancel
 *   countdown reaches zero       → expire  (the service ends the session, trigger 'idle', and wipes)
 *
 * The clock keeps counting between ticks, so a silent app does not stop the countdown ("no tick →
 * expire"); the service calls `disarm()` when no app is connected, so a crashed app never logs a
 * busy patron out. The patron always gets the full warning: a first tick that is already past the
 * timeout starts the countdown rather than expiring at once.
 */

export interface IdleConfig {
  /** Idle time before the countdown; 0 disables idle logout. */
  timeoutSec: number;
  /** Length of the countdown shown to the patron; 0 logs out without a countdown. */
  warningSec: number;
}

export type IdleOutput = { type: 'countdown-start'; secondsLeft: number } | { type: 'countdown-cancel' } | { type: 'expire' };

export type IdleState = 'disarmed' | 'watching' | 'counting' | 'expired';

export function validateIdleConfig(config: IdleConfig): void {
  if (!Number.isInteger(config.timeoutSec) || config.timeoutSec < 0) throw new RangeError('idle.timeoutSec must be an integer ≥ 0');
  if (!Number.isInteger(config.warningSec) || config.warningSec < 0) throw new RangeError('idle.warningSec must be an integer ≥ 0');
}

export class IdleMachine {
  private stateValue: IdleState = 'disarmed';
  private lastInputAt = 0;
  private countdownStartedAt = 0;

  constructor(
    private config: IdleConfig,
    private readonly now: () => number = Date.now,
  ) {
    validateIdleConfig(config);
  }

  get state(): IdleState {
    return this.stateValue;
  }

  /** New limits apply from the next tick/check; a running countdown keeps its end time. */
  configure(config: IdleConfig): void {
    validateIdleConfig(config);
    this.config = config;
  }

  /** A report from the app: no input for `idleMs`. Arms the machine. */
  tick(idleMs: number): IdleOutput[] {
    if (this.stateValue === 'expired') return [];
    const at = this.now();
    const idle = Number.isFinite(idleMs) && idleMs > 0 ? idleMs : 0;
    const lastInputAt = at - idle;
    const out: IdleOutput[] = [];
    if (this.stateValue === 'disarmed') {
      this.stateValue = 'watching';
      this.lastInputAt = lastInputAt;
    } else if (lastInputAt > this.lastInputAt) {
      this.lastInputAt = lastInputAt;
      if (this.stateValue === 'counting' && this.idleAt(at) < this.timeoutMs) {
        this.stateValue = 'watching';
        out.push({ type: 'countdown-cancel' });
      }
    }
    return [...out, ...this.check()];
  }

  /** Advances the clock: starts the countdown or expires when due. Call on a timer (`nextCheckAt`). */
  check(): IdleOutput[] {
    const at = this.now();
    if (this.timeoutMs === 0) return [];
    if (this.stateValue === 'watching' && this.idleAt(at) >= this.timeoutMs) {
      if (this.config.warningSec === 0) {
        this.stateValue = 'expired';
        return [{ type: 'expire' }];
      }
      this.stateValue = 'counting';
      this.countdownStartedAt = at;
      return [{ type: 'countdown-start', secondsLeft: Math.ceil((this.expireAt() - at) / 1000) }];
    }
    if (this.stateValue === 'counting' && at >= this.expireAt()) {
      this.stateValue = 'expired';
      return [{ type: 'expire' }];
    }
    return [];
  }

  /** When `check()` next has something to say (ms since epoch), or undefined when nothing is pending. */
  nextCheckAt(): number | undefined {
    if (this.timeoutMs === 0) return undefined;
    if (this.stateValue === 'watching') return this.lastInputAt + this.timeoutMs;
    if (this.stateValue === 'counting') return this.expireAt();
    return undefined;
  }

  /** Seconds left in the running countdown (for the notice), else undefined. */
  secondsLeft(): number | undefined {
    if (this.stateValue !== 'counting') return undefined;
    return Math.max(0, Math.ceil((this.expireAt() - this.now()) / 1000));
  }

  /** No app is reporting (disconnected, or no patron session): stop watching; a countdown is cancelled. */
  disarm(): IdleOutput[] {
    const wasCounting = this.stateValue === 'counting';
    this.stateValue = 'disarmed';
    return wasCounting ? [{ type: 'countdown-cancel' }] : [];
  }

  /** A new session: forget everything. */
  reset(): void {
    this.stateValue = 'disarmed';
    this.lastInputAt = 0;
    this.countdownStartedAt = 0;
  }

  private get timeoutMs(): number {
    return this.config.timeoutSec * 1000;
  }

  private idleAt(at: number): number {
    return at - this.lastInputAt;
  }

  private expireAt(): number {
    const warningMs = this.config.warningSec * 1000;
    return Math.max(this.lastInputAt + this.timeoutMs + warningMs, this.countdownStartedAt + warningMs);
  }
}
