/** What every CLI command gets: parsed options, configuration, state directory, selection. */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { CATALOG } from '../catalog/index.js';
import type { Platform } from '../catalog/schema.js';
import { resolveAccount, vetPatronAccount } from '../config/accounts.js';
import { loadConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { openEventLog, type EventLog } from '../log/logger.js';
import { closeBrowsers } from '../wipe/browser-processes.js';
import { TabulaError } from '../wipe/errors.js';
import type { Selection, Target } from '../wipe/types.js';
import type { WipeEnvironment } from '../wipe/wipe.js';
import { categoriesOf, defaultConfigFile, modeOf, platformOf, type ParsedOptions } from './args.js';

export interface Context {
  values: ParsedOptions;
  /** Words after the command (`baseline capture` → ['capture']). */
  args: string[];
  config: Config;
  stateDir: string;
  /** Opens the event log in the state directory (once); E_STATE when it cannot be written. */
  log(): EventLog;
}

export function loadConfig(values: ParsedOptions): Config {
  if (values.config) return loadConfigFile(values.config);
  const file = defaultConfigFile();
  return existsSync(file) ? loadConfigFile(file) : {};
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
const DEFAULT_TEMP: Record<string, string[]> = { linux: ['/tmp', '/var/tmp'], darwin: ['/private/tmp'], win32: [] };

async function targetOfAccount(name: string, platform: Platform, temp: string[]): Promise<Target> {
  const account = await resolveAccount(name, platform);
  const vetted = await vetPatronAccount(account, platform);
  if (!vetted.ok) throw new TabulaError(vetted.code, vetted.reason);
  const target: Target = { home: account!.home, uid: account!.uid, tempRoots: temp };
  if (platform === 'win32' && account!.sid) {
    target.bases = { recycleBin: `${process.env.SystemDrive ?? 'C:'}\\$Recycle.Bin\\${account!.sid}` };
  }
  return target;
}

export async function selectionOf(ctx: Context): Promise<Selection> {
  const { values, config } = ctx;
  const platform = platformOf(values);
  let targets: Target[];
  if (values.home?.length) {
    targets = values.home.map((home) => ({ home, tempRoots: values.temp ?? [] }));
  } else if (values.account?.length || config.accounts?.length) {
    const temp = values.temp ?? config.tempRoots ?? DEFAULT_TEMP[platform] ?? [];
    const names = values.account?.length ? values.account : (config.accounts ?? []);
    targets = [];
    for (const name of names) targets.push(await targetOfAccount(name, platform, temp));
  } else {
    throw new TabulaError('E_USAGE', 'no patron selected: give --account NAME or --home DIR, or list accounts in the configuration');
  }
  return { platform, mode: modeOf(values, config), targets, categories: categoriesOf(values, config), stateDir: ctx.stateDir };
}

/** Closes the target's running browsers (all catalogued browsers of the platform). */
export function browserCloser(selection: Selection): WipeEnvironment['closeBrowsers'] {
  const processNames = CATALOG.filter((e) => e.kind === 'browser').flatMap((e) => e.processNames[selection.platform] ?? []);
  return async (target) => {
    const uid = target.uid ?? lstatSync(target.home).uid;
    return closeBrowsers({ platform: selection.platform, processNames, uid, home: realpathSync(target.home) });
  };
}

export function print(text: string): void {
  process.stdout.write(text);
}

