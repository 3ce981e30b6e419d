/** Command-line parsing into a Selection; every mistake is a usage error naming the option. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { isCategoryId, type CategoryId } from '../../../protocol/categories.js';
import { PLATFORMS, type Platform } from '../catalog/platforms.js';
import type { Config } from '../config/schema.js';
import { isConfigMode, type ConfigMode } from '../job/config-mode.js';
import { TabulaError } from '../base/errors.js';

export const OPTIONS = {
  account: { type: 'string', multiple: true },
  home: { type: 'string', multiple: true },
  temp: { type: 'string', multiple: true },
  mode: { type: 'string' },
  category: { type: 'string', multiple: true },
  platform: { type: 'string' },
  config: { type: 'string' },
  state: { type: 'string' },
  json: { type: 'boolean' },
  paths: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'no-close-browsers': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  dashboard: { type: 'string' },
  token: { type: 'string' },
  ca: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type ParsedOptions = ReturnType<typeof parse>['values'];

export function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TabulaError('E_USAGE', (error as Error).message.split('\n')[0]);
  }
}

export function defaultStateDir(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'Tabula', 'state');
  if (platform === 'darwin') return '/Library/Application Support/Tabula/state';
  return '/var/lib/tabula';
}

export function platformOf(values: ParsedOptions): Platform {
  const p = values.platform ?? process.platform;
  if (!(PLATFORMS as readonly string[]).includes(p)) throw new TabulaError('E_USAGE', '--platform must be linux, darwin or win32');
  return p as Platform;
}

export function modeOf(values: ParsedOptions, config: Config): ConfigMode {
  const mode = values.mode ?? config.mode ?? 'auto';
  if (!isConfigMode(mode)) throw new TabulaError('E_USAGE', '--mode must be auto, clean or reset');
  return mode;
}

export function categoriesOf(values: ParsedOptions, config: Config): CategoryId[] | undefined {
  const list = values.category ?? config.categories;
  if (!list) return undefined;
  for (const c of list) if (!isCategoryId(c)) throw new TabulaError('E_USAGE', '--category takes a category id (see --help)');
  return list as CategoryId[];
}
