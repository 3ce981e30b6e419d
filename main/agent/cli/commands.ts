/** The CLI commands. Errors print fixed text and a code, never a patron path. */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '../../../protocol/error-codes.js';
import { CATALOG } from '../catalog/index.js';
import { ConfigError, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { openEventLog, silentLog, type EventLog } from '../log/logger.js';
import { TabulaError, codeOf } from '../wipe/errors.js';
import { execute } from '../wipe/executor.js';
import { plan } from '../wipe/planner.js';
import type { Selection, Target } from '../wipe/types.js';
import { wipe, type WipeEnvironment } from '../wipe/wipe.js';
import { closeBrowsers } from '../wipe/browser-processes.js';
import { resolveAccount, vetPatronAccount } from '../config/accounts.js';
import type { Platform } from '../catalog/schema.js';
import { categoriesOf, defaultConfigFile, defaultStateDir, modeOf, parse, platformOf, type ParsedOptions } from './args.js';
import { HELP, VERSION } from './help.js';
import { exitCodeOf, formatBytes, progressPrinter, renderSummary } from './output.js';
import { captureBaseline } from '../wipe/baseline.js';
import { knownHomes, pinRoot } from '../wipe/roots.js';

interface Context {
  values: ParsedOptions;
  config: Config;
  stateDir: string;
}

function loadConfig(values: ParsedOptions): Config {
  if (values.config) return loadConfigFile(values.config);
  const file = defaultConfigFile();
  return existsSync(file) ? loadConfigFile(file) : {};
}

const OVERWRITE_CATEGORIES = ['downloads', 'desktop', 'documents'] as const;
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

async function selectionOf(ctx: Context): Promise<Selection> {
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
function browserCloser(selection: Selection): WipeEnvironment['closeBrowsers'] {
  const processNames = CATALOG.filter((e) => e.kind === 'browser').flatMap((e) => e.processNames[selection.platform] ?? []);
  return async (target) => {
    const uid = target.uid ?? lstatSync(target.home).uid;
    return closeBrowsers({ platform: selection.platform, processNames, uid, home: realpathSync(target.home) });
  };
}

function print(text: string): void {
  process.stdout.write(text);
}

async function cmdPlan(ctx: Context): Promise<number> {
  const selection = await selectionOf(ctx);
  const thePlan = plan(selection, { catalog: CATALOG });
  if (ctx.values.paths) {
    for (const item of thePlan.items) print(`${item.category}\t${item.entry}\t${item.type}\t${item.path}\n`);
    return 0;
  }
  const summary = await execute(thePlan, { dryRun: true });
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, 'Would remove'));
  return 0;
}

async function cmdWipe(ctx: Context, log: EventLog): Promise<number> {
  const selection = await selectionOf(ctx);
  const dryRun = ctx.values['dry-run'] === true;
  const onProgress = progressPrinter(!ctx.values.json && process.stderr.isTTY === true);
  const closing = ctx.values['no-close-browsers'] || ctx.config.closeBrowsers === false || selection.platform !== process.platform;
  const env: WipeEnvironment = { catalog: CATALOG, log, closeBrowsers: closing ? undefined : browserCloser(selection) };
  const overwrite = ctx.values.overwrite || ctx.config.overwriteFiles ? OVERWRITE_CATEGORIES : undefined;
  const summary = await wipe(selection, env, { dryRun, onProgress, overwrite });
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, dryRun ? 'Would remove' : 'Removed'));
  return exitCodeOf(summary);
}

async function cmdVerify(ctx: Context): Promise<number> {
  const thePlan = plan(await selectionOf(ctx), { catalog: CATALOG });
  const byCategory: Record<string, number> = {};
  for (const item of thePlan.items) byCategory[item.category] = (byCategory[item.category] ?? 0) + 1;
  const remaining = thePlan.items.length;
  if (ctx.values.json) print(JSON.stringify({ clean: remaining === 0, remaining, categories: byCategory }) + '\n');
  else print(remaining === 0 ? 'verified clean: nothing catalogued remains\n'
    : `NOT clean: ${remaining} items remain (${Object.entries(byCategory).map(([c, n]) => `${c} ${n}`).join(', ')})\n`);
  return remaining === 0 ? 0 : 1;
}

async function cmdBaseline(ctx: Context, sub: string | undefined): Promise<number> {
  if (sub !== 'capture') throw new TabulaError('E_USAGE', 'baseline takes the subcommand capture');
  const selection = await selectionOf(ctx);
  for (const target of selection.targets) {
    const home = pinRoot(target.home, 'home', { stateDir: ctx.stateDir, knownHomes: knownHomes() });
    const counts = captureBaseline(home.path, ctx.stateDir);
    print(ctx.values.json ? JSON.stringify({ ok: true, ...counts }) + '\n'
      : `Baseline captured: ${counts.files} files (${formatBytes(counts.bytes)}), ${counts.dirs} folders, ${counts.links} links.\n`);
  }
  return 0;
}

function exitFor(code: ErrorCode): number {
  if (code === 'E_USAGE' || code === 'E_CONFIG') return 2;
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
  let log: EventLog = silentLog;
  try {
    const { values, positionals } = parse(argv);
    json = values.json === true;
    if (values.version) {
      print(`${VERSION}\n`);
      return 0;
    }
    const [command, sub] = positionals;
    if (values.help || !command || command === 'help') {
      print(HELP);
      return command || values.help ? 0 : 2;
    }
    const ctx: Context = { values, config: loadConfig(values), stateDir: values.state ?? defaultStateDir() };
    switch (command) {
      case 'plan':
        return await cmdPlan(ctx);
      case 'wipe':
        try {
          log = openEventLog(ctx.stateDir);
        } catch {
          throw new TabulaError('E_STATE');
        }
        return await cmdWipe(ctx, log);
      case 'verify':
        return await cmdVerify(ctx);
      case 'baseline':
        return await cmdBaseline(ctx, sub);
      default:
        throw new TabulaError('E_USAGE', 'unknown command; run tabula --help');
    }
  } catch (error) {
    log.error('cli.error', { code: error instanceof TabulaError ? error.code : codeOf(error) });
    return reportError(error, json);
  } finally {
    await log.close();
  }
}
