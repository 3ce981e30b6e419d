/** The CLI dispatcher: one table of commands; errors print fixed text and a code, never a patron path. */
import { ERROR_CODES, type ErrorCode } from '../../../protocol/error-codes.js';
import { ConfigError } from '../config/load.js';
import type { EventLog } from '../log/logger.js';
import { TabulaError, codeOf } from '../wipe/errors.js';
import { defaultStateDir, parse } from './args.js';
import { loadConfig, makeLogOpener, print, type Context } from './context.js';
import { commandHelp } from './command-help.js';
import { HELP, VERSION } from './help.js';
import { checkStateDir } from '../service/state-dir.js';
import { cmdAgent, cmdConfig, cmdSession, cmdStatus } from './service-commands.js';
import { cmdEnroll, cmdReport } from '../report/commands.js';
import { cmdStaff } from './staff-commands.js';
import { cmdBaseline, cmdPlan, cmdVerify, cmdWipe } from './wipe-commands.js';

/** Every command: add one line here (and its options to args.ts, its usage to help.ts). */
const COMMANDS: Record<string, (ctx: Context) => Promise<number>> = {
  plan: cmdPlan,
  wipe: cmdWipe,
  verify: cmdVerify,
  baseline: cmdBaseline,
  agent: cmdAgent,
  session: cmdSession,
  status: cmdStatus,
  config: cmdConfig,
  staff: cmdStaff,
  enroll: cmdEnroll,
  report: cmdReport,
};

/** Commands that never read or write the state directory (so --state is not checked for them). */
const STATELESS = new Set(['config']);

/** Commands that run (or report) even when the configuration is not valid. */
const CONFIG_TOLERANT = new Set(['agent', 'config', 'status', 'staff']);

function exitFor(code: ErrorCode): number {
  if (code === 'E_USAGE' || code === 'E_CONFIG' || code === 'E_BAD_REQUEST') return 2;
  if (code === 'E_FORBIDDEN' || code === 'E_NOT_PATRON') return 3;
  if (code === 'E_ROOT_REFUSED' || code === 'E_ACCOUNT_REFUSED' || code === 'E_ROOT_MISSING' || code === 'E_ROOT_IS_LINK' || code === 'E_ACCOUNT_UNKNOWN') return 3;
  return 4;
}

function reportError(error: unknown, json: boolean): number {
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
    if (helpFor) {
      const text = commandHelp(helpFor);
      if (!text) throw new TabulaError('E_USAGE', 'unknown command; run tabula --help');
      print(text);
      return 0;
    }
    if (values.help || !command || command === 'help') {
      print(HELP);
      return command || values.help ? 0 : 2;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new TabulaError('E_USAGE', 'unknown command; run tabula --help');
    const stateDir = values.state ?? defaultStateDir();
    // A state directory someone other than root could write is refused before anything reads it.
    if (!STATELESS.has(command)) checkStateDir(stateDir);
    const config = await loadConfig(values).catch((error: unknown) => {
      if (error instanceof ConfigError && CONFIG_TOLERANT.has(command)) return {}; // these commands report or survive it
      throw error;
    });
    return await run({ values, args, config, stateDir, log: makeLogOpener(stateDir, opened) });
  } catch (error) {
    opened[0]?.error('cli.error', { code: error instanceof TabulaError ? error.code : codeOf(error) });
    return reportError(error, json);
  } finally {
    await opened[0]?.close();
  }
}
