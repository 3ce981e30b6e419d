/** The CLI dispatcher: one table of commands; errors print fixed text and a code, never a patron path. */
import { ERROR_CODES, type ErrorCode } from '../../../protocol/error-codes.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/schema.js';
import type { EventLog } from '../log/logger.js';
import { TabulaError, codeOf } from '../base/errors.js';
import { defaultStateDir, parse } from './args.js';
import { makeLogOpener, print, type BaseContext } from './base-context.js';
import type { Context } from './context.js';
import { VERSION } from '../base/version.js';
// Small (node:fs and fixed text): checked before any command's module is imported.
import { checkStateDir } from '../service/state-dir.js';

/** A command's module, imported only when it runs; `light` commands load the configuration on demand. */
type Entry =
  | { light?: false; load: () => Promise<(ctx: Context) => Promise<number>> }
  | { light: true; load: () => Promise<(ctx: BaseContext) => Promise<number>> };

/**
 * Every command: add one line here (and its options to args.ts, its usage to help.ts). Each
 * command's module is imported only when it runs, so `tabula --version` or `tabula session end`
 * (the PAM hook, at every logout) never load the wipe engine, the service or the report client.
 */
const COMMANDS: Record<string, Entry> = {
  plan: { load: async () => (await import('./wipe-commands.js')).cmdPlan },
  wipe: { load: async () => (await import('./wipe-commands.js')).cmdWipe },
  verify: { load: async () => (await import('./wipe-commands.js')).cmdVerify },
  baseline: { load: async () => (await import('./wipe-commands.js')).cmdBaseline },
  agent: { load: async () => (await import('./service-commands.js')).cmdAgent },
  session: { light: true, load: async () => (await import('./session-hook.js')).cmdSession },
  status: { load: async () => (await import('./session-commands.js')).cmdStatus },
  config: { load: async () => (await import('./service-commands.js')).cmdConfig },
  staff: { load: async () => (await import('./staff-commands.js')).cmdStaff },
  enroll: { load: async () => (await import('./report-commands.js')).cmdEnroll },
  report: { load: async () => (await import('./report-commands.js')).cmdReport },
};

/** Commands that never read or write the state directory (so --state is not checked for them). */
const STATELESS = new Set(['config']);

/** Commands that run (or report) even when the configuration is not valid. */
const CONFIG_TOLERANT = new Set(['agent', 'config', 'status', 'staff']);

function exitFor(code: ErrorCode): number {
  if (code === 'E_USAGE' || code === 'E_CONFIG' || code === 'E_BAD_REQUEST') return 2;
  if (code === 'E_FORBIDDEN' || code === 'E_NOT_PATRON') return 3;
  if (
    code === 'E_ROOT_REFUSED' ||
    code === 'E_ACCOUNT_REFUSED' ||
    code === 'E_ROOT_MISSING' ||
    code === 'E_ROOT_IS_LINK' ||
    code === 'E_ACCOUNT_UNKNOWN'
  )
    return 3;
  return 4;
}

async function reportError(error: unknown, json: boolean): Promise<number> {
  let code: ErrorCode;
  let message: string;
  if (error instanceof ConfigError) {
    code = 'E_CONFIG';
    message = error.message;
  } else if (error instanceof TabulaError) {
    code = error.code;
    message = error.message;
  } else {
    code = codeOf(error);
    message = ERROR_CODES[code]; // never the raw message: it may carry a path
  }
  if (json) process.stdout.write(JSON.stringify({ ok: false, code, message }) + '\n');
  process.stderr.write(`tabula: ${code}: ${message}\n`);
  // Usage and configuration messages already say what to do; the others get the help table's action.
  if (code !== 'E_USAGE' && code !== 'E_CONFIG') {
    const { ERROR_HELP } = await import('../../../protocol/error-help.js'); // the help table: only on this path
    process.stderr.write(`tabula: what to do: ${ERROR_HELP[code].action}\n`);
  }
  return exitFor(code);
}

export async function runCli(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  const opened: EventLog[] = [];
  try {
    const { values, positionals } = parse(argv);
    json = values.json === true;
    if (values.version) {
      print(`${VERSION}\n`);
      return 0;
    }
    const [command, ...args] = positionals;
    const helpFor = command === 'help' ? args[0] : values.help ? command : undefined;
    // The help texts are imported only when asked for (not by every PAM hook's `session end`).
    if (helpFor) {
      const text = (await import('./command-help.js')).commandHelp(helpFor);
      if (!text) throw new TabulaError('E_USAGE', 'unknown command; run tabula --help');
      print(text);
      return 0;
    }
    if (values.help || !command || command === 'help') {
      print((await import('./help.js')).HELP);
      return command || values.help ? 0 : 2;
    }
    const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!entry) throw new TabulaError('E_USAGE', 'unknown command; run tabula --help');
    const stateDir = values.state ?? defaultStateDir();
    // A state directory someone other than root could write is refused before anything reads it.
    if (!STATELESS.has(command)) checkStateDir(stateDir);
    let config: Promise<Config> | undefined;
    const loadConfig = () =>
      (config ??= import('./context.js')
        .then((m) => m.loadConfig(values))
        .catch((error: unknown) => {
          if (error instanceof ConfigError && CONFIG_TOLERANT.has(command)) return {}; // these commands report or survive it
          throw error;
        }));
    const base: BaseContext = { values, args, stateDir, log: makeLogOpener(stateDir, opened), loadConfig };
    if (entry.light) return await (await entry.load())(base);
    const [run, loaded] = await Promise.all([entry.load(), loadConfig()]);
    return await run({ ...base, config: loaded });
  } catch (error) {
    opened[0]?.error('cli.error', { code: error instanceof TabulaError ? error.code : codeOf(error) });
    return await reportError(error, json);
  } finally {
    await opened[0]?.close();
  }
}
