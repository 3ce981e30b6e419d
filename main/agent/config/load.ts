/**
 * Layered configuration, like the browsers do it: defaults < machine file < OS policy. Each layer
 * is validated on its own, so every error names the file (or policy key) it comes from, the field
 * and what is expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, type Config } from './schema.js';
import { jsonErrorPosition } from './json-position.js';
import { validateLayer } from './validate.js';
import { readMacosPolicy, PolicyReadError } from './policy-macos.js';
import { readWindowsPolicy, type PolicyLayer } from './policy-windows.js';

import { ConfigError } from './config-error.js';

export { ConfigError } from './config-error.js';

export type { PolicyLayer };

/** The machine configuration file of a platform. */
export function machineConfigFile(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.win32.join(process.env.ProgramData ?? 'C:\\ProgramData', 'Tabula', 'config.json');
  if (platform === 'darwin') return '/Library/Application Support/Tabula/config.json';
  return '/etc/tabula/config.json';
}

/** The OS policy reader of a platform (none on Linux: the machine file is the policy there). */
export function systemPolicyReader(platform: NodeJS.Platform = process.platform): () => Promise<PolicyLayer | undefined> {
  if (platform === 'win32') return readWindowsPolicy;
  if (platform === 'darwin') return () => readMacosPolicy();
  return async () => undefined;
}

export function parseConfigText(text: string, source: string): { value?: Config; problems: string[] } {
  let value: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(json);
  } catch {
    const at = jsonErrorPosition(json);
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    return { problems: [`${source}: not valid JSON${where} (check quotes, commas and braces)`] };
  }
  const problems = validateLayer(value, source);
  return problems.length ? { problems } : { value: value as Config, problems };
}

export function parseConfig(text: string, source: string): Config {
  const { value, problems } = parseConfigText(text, source);
  if (!value) throw new ConfigError(problems);
  return value;
}

function readText(file: string): { text?: string; problem?: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { problem: `${file}: cannot be read (${(error as { code?: string }).code ?? 'error'})` };
  }
}

export function loadConfigFile(file: string): Config {
  const { text, problem } = readText(file);
  if (text === undefined) throw new ConfigError([problem ?? `${file}: cannot be read`]);
  return parseConfig(text, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges `over` onto `base`: objects field by field, everything else (lists too) replaced. */
export function mergeLayer(base: Config, over: Config, origin: Map<string, string>, source: string, prefix = ''): Config {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const field = `${prefix}/${key}`;
    const prev = out[key];
    if (isObject(value) && isObject(prev)) {
      out[key] = mergeLayer(prev as Config, value as Config, origin, source, field);
    } else {
      out[key] = value;
      origin.set(field, source);
      if (isObject(value)) for (const sub of Object.keys(value)) origin.set(`${field}/${sub}`, source);
    }
  }
  return out as Config;
}

export interface LoadOptions {
  /** `--config FILE`: replaces the machine file (which must then exist). */
  file?: string;
  platform?: NodeJS.Platform;
  /** Reads the OS policy layer; injectable for tests. */
  policy?: () => Promise<PolicyLayer | undefined>;
}

export interface LoadedConfig {
  config: Config;
  /** Where each field that is not a default comes from (`/idle/timeoutSec` → file). */
  origin: Map<string, string>;
  /** The layers read, lowest first (`defaults`, files, policy keys). */
  sources: string[];
  /** The machine file (or `--config FILE`) when it was read. */
  file?: string;
  /** The raw text of every layer, to notice changes. */
  fingerprint: string;
}

/** Loads every layer; throws ConfigError with every problem of every layer. */
export async function loadLayeredConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const platform = options.platform ?? process.platform;
  const problems: string[] = [];
  const origin = new Map<string, string>();
  const sources = ['defaults'];
  let config: Config = structuredClone(DEFAULT_CONFIG);
  let fingerprint = '';
  let fileRead: string | undefined;

  const file = options.file ?? machineConfigFile(platform);
  if (options.file !== undefined || existsSync(file)) {
    const { text, problem } = readText(file);
    if (text === undefined) problems.push(problem ?? `${file}: cannot be read`);
    else {
      fingerprint += text;
      const layer = parseConfigText(text, file);
      problems.push(...layer.problems);
      if (layer.value) config = mergeLayer(config, layer.value, origin, file);
      sources.push(file);
      fileRead = file;
    }
  }

  let policy: PolicyLayer | undefined;
  try {
    policy = await (options.policy ?? systemPolicyReader(platform))();
  } catch (error) {
    if (error instanceof PolicyReadError) problems.push(error.message);
    else throw error;
  }
  if (policy) {
    fingerprint += `\0${JSON.stringify(policy.value)}`;
    const layerProblems = validateLayer(policy.value, policy.source);
    problems.push(...layerProblems);
    if (layerProblems.length === 0) config = mergeLayer(config, policy.value as Config, origin, policy.source);
    sources.push(policy.source);
  }

  const idle = config.idle ?? {};
  if (idle.timeoutSec !== undefined && idle.warningSec !== undefined && idle.warningSec >= idle.timeoutSec) {
    const source = origin.get('/idle/warningSec') ?? origin.get('/idle/timeoutSec') ?? 'defaults';
    problems.push(`${source}: /idle/warningSec: expected integer less than /idle/timeoutSec (${idle.timeoutSec}), got ${idle.warningSec}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config, origin, sources, fingerprint, file: fileRead };
}
