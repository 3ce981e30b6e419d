/** What every CLI command gets: parsed options, configuration, state directory, selection. */
import { loadLayeredConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { targetOfAccount, tempRootsOf } from '../config/targets.js';
import { TabulaError } from '../base/errors.js';
import type { Selection, Target } from '../wipe/types.js';
import { scopeOf, type ScopeOptions } from '../job/scope.js';
import type { JobContext } from '../job/wipe-job.js';
import { categoriesOf, modeOf, platformOf, type ParsedOptions } from './args.js';

import type { BaseContext } from './base-context.js';

export { makeLogOpener, print, type BaseContext } from './base-context.js';

/** A command's context once its configuration is loaded. */
export interface Context extends BaseContext {
  config: Config;
}

/** defaults < machine file (or --config FILE) < OS policy. */
export async function loadConfig(values: ParsedOptions): Promise<Config> {
  return (await loadLayeredConfig({ file: values.config })).config;
}

/** The patrons the command line names (`--home`, `--account`), else the configured accounts. */
export async function targetsOf(ctx: Context): Promise<Target[]> {
  const { values, config } = ctx;
  const platform = platformOf(values);
  if (values.home?.length) return values.home.map((home) => ({ home, tempRoots: values.temp ?? [] }));
  if (values.account?.length || config.accounts?.length) {
    const temp = values.temp ?? tempRootsOf(config, platform);
    const names = values.account?.length ? values.account : (config.accounts ?? []);
    const targets: Target[] = [];
    for (const name of names) targets.push(await targetOfAccount(name, platform, temp));
    return targets;
  }
  throw new TabulaError('E_USAGE', 'no patron selected: give --account NAME or --home DIR, or list accounts in the configuration');
}

/** The scope options of the command line (`--mode`, `--category`). */
export function scopeOptionsOf(ctx: Context): ScopeOptions {
  const options: ScopeOptions = {};
  if (ctx.values.mode !== undefined) options.mode = modeOf(ctx.values, ctx.config);
  const categories = categoriesOf(ctx.values, ctx.config);
  if (categories) options.categories = categories;
  return options;
}

/** The selection a wipe of the command line's patrons would use (per target: reset where a baseline exists). */
export async function selectionOf(ctx: Context): Promise<Selection> {
  const scope = scopeOptionsOf(ctx);
  return scopeOf(ctx.config, platformOf(ctx.values), await targetsOf(ctx), ctx.stateDir, scope).selection;
}

/** What the job needs from the command line's context. */
export function jobContextOf(ctx: Context): JobContext {
  return { config: ctx.config, platform: platformOf(ctx.values), stateDir: ctx.stateDir, log: ctx.log() };
}
