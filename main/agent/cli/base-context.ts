/**
 * What every CLI command gets before its configuration: options, state directory, the event log,
 * and the configuration on demand. Light on purpose (no TypeBox; the log file is opened only when used): the
 * PAM hook runs `tabula session end` at every logout and should only pay for talking to the agent.
 */
import type { Config } from '../config/schema.js';
import { openEventLog, type EventLog } from '../log/logger.js';
import { TabulaError } from '../base/errors.js';
import type { ParsedOptions } from './args.js';

export interface BaseContext {
  values: ParsedOptions;
  /** Words after the command (`baseline capture` → ['capture']). */
  args: string[];
  stateDir: string;
  /** Opens the event log in the state directory (once); E_STATE when it cannot be written. */
  log(): EventLog;
  /** The layered configuration, loaded (and validated) once, when first asked for. */
  loadConfig(): Promise<Config>;
}

export function makeLogOpener(stateDir: string, opened: EventLog[]): () => EventLog {
  return () => {
    const existing = opened[0];
    if (existing) return existing;
    let log: EventLog;
    try {
      log = openEventLog(stateDir);
    } catch {
      throw new TabulaError('E_STATE');
    }
    opened.push(log);
    return log;
  };
}

export function print(text: string): void {
  process.stdout.write(text);
}
