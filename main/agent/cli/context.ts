/** What every CLI command gets: parsed options, configuration, state directory, selection. */
import { loadLayeredConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { targetOfAccount, tempRootsOf } from '../config/targets.js';
import { openEventLog, type EventLog } from '../log/logger.js';
import { TabulaError } from '../wipe/errors.js';
import type { Selection, Target } from '../wipe/types.js';
import { categoriesOf, modeOf, platformOf, type ParsedOptions } from './args.js';

export interface Context {
  values: ParsedOptions;
  /** Words after the command (`baseline capture` → ['capture']). */
  args: string[];
  config: Config;
  stateDir: string;
  /** Opens the event log in the state directory (once); E_STATE when it cannot be written. */
  log(): EventLog;
}

/** defaults < machine file (or --config FILE) < OS policy. */
export async function loadConfig(values: ParsedOptions): Promise<Config> {
  return (await loadLayeredConfig({ file: values.config })).config;
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

export const OVERWRITE_CATEGORIES = ['downloads', 'desktop', 'documents'] as const;
export async function selectionOf(ctx: Context): Promise<Selection> {
  const { values, config } = ctx;
  const platform = platformOf(values);
  let targets: Target[];
  if (values.home?.length) {
    targets = values.home.map((home) => ({ home, tempRoots: values.temp ?? [] }));
  } else if (values.account?.length || config.accounts?.length) {
    const temp = values.temp ?? tempRootsOf(config, platform);
    const names = values.account?.length ? values.account : (config.accounts ?? []);
    targets = [];
    for (const name of names) targets.push(await targetOfAccount(name, platform, temp));
  } else {
    throw new TabulaError('E_USAGE', 'no patron selected: give --account NAME or --home DIR, or list accounts in the configuration');
  }
  return {
    platform, mode: modeOf(values, config), targets, categories: categoriesOf(values, config), stateDir: ctx.stateDir,
    ...(config.print ? { print: config.print } : {}),
    ...(config.homeKeep ? { homeKeep: config.homeKeep } : {}),
  };
}

/** Closes the target's running browsers (all catalogued browsers of the platform). */
export { browserCloser } from '../wipe/browser-closer.js';

export function print(text: string): void {
  process.stdout.write(text);
}

