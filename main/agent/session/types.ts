/** Session-end sources (per OS, idle, schedule, external hooks) all speak this one shape. */

/** Why a session ended; the same ids are the report's trigger enum. */
export type SessionTrigger = 'logout' | 'idle' | 'manual' | 'schedule' | 'recovery' | 'boot';

export interface SessionEvent {
  kind: 'start' | 'end' | 'shutdown';
  /** Account name (kept in memory only: never logged or reported). Absent for `shutdown`. */
  account?: string;
  trigger: SessionTrigger;
  /** Where the event came from, for logs: 'logind', 'loginctl-poll', 'pam', 'cli', 'idle', 'schedule', ... */
  source: string;
}

export interface SessionSource {
  readonly name: string;
  /** Starts watching; events are delivered through `emit` until `stop()`. */
  start(emit: (event: SessionEvent) => void): Promise<void>;
  stop(): Promise<void>;
}
