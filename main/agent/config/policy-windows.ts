/**
 * Windows group policy: `reg query HKLM\Software\Policies\Tabula /s`. Each key line starts a
 * (sub)key; each value line is `    NAME    REG_TYPE    DATA`. Type names are never localized;
 * the default value's name is (`(Default)`, `(Standard)`, `(par défaut)`...) and is skipped.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { coerceToSchema } from './policy-coerce.js';

const run = promisify(execFile);

export const WINDOWS_POLICY_KEY = 'HKLM\\Software\\Policies\\Tabula';
const FULL_KEY = /^HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Tabula(\\.*)?$/i;

export type RegValue = string | number | string[];

function decode(type: string, data: string): RegValue {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
    case 'REG_DWORD_BIG_ENDIAN': {
      const n = /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data.slice(2), 16) : Number.NaN;
      return Number.isSafeInteger(n) ? n : data;
    }
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0').filter((s, i, all) => s !== '' || i < all.length - 1);
    default:
      return data; // REG_SZ, REG_EXPAND_SZ (left unexpanded), REG_BINARY as hex text
  }
}

/**
 * The raw tree of `reg query KEY /s` output: subkeys become nested objects (names relative to
 * the Tabula key), values become strings, numbers or string lists.
 */
export function parseRegQueryTree(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current: Record<string, unknown> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') continue;
    const key = FULL_KEY.exec(line.trim());
    if (key && !/^\s/.test(line)) {
      current = root;
      for (const part of (key[1] ?? '').split('\\').filter(Boolean)) {
        const next = current[part];
        current = (current[part] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<
          string,
          unknown
        >;
      }
      continue;
    }
    if (!/^\s/.test(line)) {
      current = undefined; // another key (outside ours), or a summary line such as "End of search"
      continue;
    }
    const m = /^\s+(.+?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$/.exec(line);
    if (!m || !current) continue;
    const name = m[1] ?? '';
    if (/^\(.*\)$/.test(name)) continue; // the key's default value, localized name
    current[name] = decode(m[2] ?? '', m[3] ?? '');
  }
  return root;
}

export interface PolicyLayer {
  source: string;
  value: unknown;
}

/**
 * cmd.exe's arguments, passed verbatim: `/s /c "…"` strips exactly the outer quotes, so the key
 * keeps its own. Node's default quoting escapes inner quotes as \" (C runtime rules), which cmd
 * does not undo: reg.exe then got `\"HKLM\…\"` and answered "Invalid system key", and the whole
 * policy layer was silently empty (found by the Wine tier, tests/wine/policy.test.ts).
 */
export function regQueryCommandLine(key: string = WINDOWS_POLICY_KEY): string[] {
  return ['/d', '/s', '/c', `"chcp 65001 >nul & reg query "${key}" /s"`];
}

/** reg.exe's answer for a key that does not exist (English Windows and Wine); other languages fall back to the retries. */
const ABSENT = /unable to find/i;
const ATTEMPTS = 3;

/**
 * Reads the policy key; undefined when it does not exist (reg exits 1). A failed read is tried
 * again (reg.exe's output through a pipe is unreliable under load, seen under Wine) before the
 * key counts as absent.
 */
export async function readWindowsPolicy(): Promise<PolicyLayer | undefined> {
  let stdout: string | undefined;
  for (let attempt = 1; stdout === undefined; attempt++) {
    try {
      // chcp 65001: reg.exe prints in the console code page; UTF-8 keeps non-ASCII values intact.
      ({ stdout } = await run('cmd.exe', regQueryCommandLine(), {
        encoding: 'utf8',
        windowsHide: true,
        windowsVerbatimArguments: true,
        maxBuffer: 4 * 1024 * 1024,
      }));
    } catch (error) {
      const said = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      if (ABSENT.test(said) || attempt >= ATTEMPTS) return undefined;
    }
  }
  const tree = parseRegQueryTree(stdout);
  return Object.keys(tree).length > 0 ? { source: WINDOWS_POLICY_KEY, value: coerceToSchema(tree) } : undefined;
}
