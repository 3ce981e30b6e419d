/**
 * macOS managed preferences (a configuration profile for the domain org.tabula.agent) land in
 * /Library/Managed Preferences/org.tabula.agent.plist. It is read with
 * `plutil -convert json -o - FILE`; when plutil is missing or fails, a small XML parser is used.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { coerceToSchema } from './policy-coerce.js';
import { parsePlistXml } from './plist-xml.js';
import type { PolicyLayer } from './policy-windows.js';

const run = promisify(execFile);

export const MACOS_POLICY_FILE = '/Library/Managed Preferences/org.tabula.agent.plist';

/** Keys a profile may add beside the settings (payload bookkeeping, MCX metadata). */
const META_KEY = /^(Payload|mcx_|PayloadContent$)/;

/** The settings of a managed-preferences dictionary, without payload metadata. */
export function settingsOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !META_KEY.test(k)));
}

export class PolicyReadError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** Parses `plutil -convert json -o -` output (or the file itself with the XML fallback). */
export function parseManagedPreferences(text: string, format: 'json' | 'xml', source = MACOS_POLICY_FILE): PolicyLayer {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parsePlistXml(text);
  } catch (error) {
    throw new PolicyReadError(source, `not a readable property list (${(error as Error).message})`);
  }
  return { source, value: coerceToSchema(settingsOf(raw)) };
}

export async function readMacosPolicy(file = MACOS_POLICY_FILE): Promise<PolicyLayer | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const { stdout } = await run('plutil', ['-convert', 'json', '-o', '-', file], { encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 });
    return parseManagedPreferences(stdout, 'json', file);
  } catch (error) {
    if (error instanceof PolicyReadError) throw error;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (readError) {
      throw new PolicyReadError(file, `cannot be read (${(readError as { code?: string }).code ?? 'error'})`);
    }
    return parseManagedPreferences(text, 'xml', file);
  }
}
