/** Reads and validates a configuration file; errors name the file's field and what is expected. */
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  readonly code = 'E_CONFIG';
  constructor(readonly problems: string[]) {
    super(`configuration is not valid:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Human descriptions of schema errors: `/mode: expected one of "clean", "reset"`. */
export function describeErrors(value: unknown): string[] {
  return [...Value.Errors(ConfigSchema, value)].map((e) => {
    const field = e.path === '' ? '(top level)' : e.path;
    return `${field}: ${e.message}`;
  });
}

export function parseConfig(text: string, source: string): Config {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}: not valid JSON (${(error as Error).message})`]);
  }
  const problems = describeErrors(value);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${source} ${p}`));
  return value as Config;
}

export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot be read (${(error as { code?: string }).code ?? 'error'})`]);
  }
  return parseConfig(text, file);
}
