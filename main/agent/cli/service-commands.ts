/** `tabula agent` (the service in the foreground) and `tabula config check|hash-pin`. */
import { ConfigError, loadLayeredConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { baselineState } from '../job/baselines.js';
import { accountProblems, systemAccountResolver } from '../config/targets.js';
import { pinHashWarning } from '../config/staff-pin-file.js';
import { ConfigWatcher } from '../config/watcher.js';
import { openEventLog } from '../log/logger.js';
import { hostPlatform } from '../service/agent.js';
import { defaultSources, endOsSession } from '../service/default-sources.js';
import { hashPin } from '../service/staff-pin.js';
import { startAgent } from '../service/start.js';
import { TabulaError } from '../base/errors.js';
import { print, type Context } from './context.js';
import { readNewPin } from './read-pin.js';

export async function cmdAgent(ctx: Context): Promise<number> {
  const platform = hostPlatform();
  let log;
  try {
    log = openEventLog(ctx.stateDir, { stderr: true });
  } catch {
    throw new TabulaError('E_STATE');
  }
  const resolver = systemAccountResolver(platform);
  const pollMs = Number(process.env.TABULA_CONFIG_POLL_MS) || undefined;
  let warnedFor: string | undefined;
  const watcher = new ConfigWatcher({
    file: ctx.values.config,
    stateDir: ctx.stateDir,
    pollMs,
    check: async (loaded) => {
      // Once per configuration version; fixed text, no path: `tabula config check` names the file and the fix.
      if (pinHashWarning(loaded) && loaded.fingerprint !== warnedFor) {
        warnedFor = loaded.fingerprint;
        log.warn('config.pin-hash-readable', { fix: 'tabula config check' });
      }
      return (await accountProblems(loaded.config, loaded.origin, resolver)).errors;
    },
  });
  const state = await watcher.start();
  for (const problem of state.lastProblems) process.stderr.write(`tabula: E_CONFIG: ${problem}\n`);
  if (state.errors > 0) log.warn('config.invalid', { problems: state.lastProblems.length, running: state.from });
  const handle = await startAgent({
    config: state.config,
    watcher,
    stateDir: ctx.stateDir,
    sources: defaultSources(platform, () => watcher.current.config, log),
    platform,
    log,
    endOsSession: (account) => endOsSession(platform, account),
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log.info('agent.stopping', {});
  await handle.stop();
  await log.close();
  return 0;
}

/** Patron accounts without a captured baseline: a weaker scope in auto mode, a failing wipe in reset mode. */
async function baselineWarnings(config: Config, stateDir: string): Promise<string[]> {
  const state = await baselineState(config, stateDir, systemAccountResolver(hostPlatform()));
  if (state.mode === 'clean') return [];
  const effect =
    state.mode === 'reset'
      ? 'its wipes fail with E_BASELINE_MISSING (mode is reset)'
      : 'its session ends are catalogue wipes only, weaker than a reset';
  return state.missingAt.map(
    (i) => `/accounts/${i}: no baseline captured, so ${effect}; set the account up, then run \`tabula baseline capture --account NAME\``,
  );
}

async function configCheck(ctx: Context): Promise<number> {
  let errors: string[] = [];
  let warnings: string[] = [];
  let sources: string[] = [];
  try {
    const loaded = await loadLayeredConfig({ file: ctx.values.config });
    sources = loaded.sources;
    ({ errors, warnings } = await accountProblems(loaded.config, loaded.origin, systemAccountResolver(hostPlatform())));
    const exposed = pinHashWarning(loaded);
    if (exposed) warnings.push(exposed);
    warnings.push(...(await baselineWarnings(loaded.config, ctx.stateDir)));
    if (!loaded.config.staffPinHash)
      warnings.push('staffPinHash: not set, so staff cannot unlock Wipe now in the app; set it with `tabula staff set-pin`');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    errors = error.problems;
  }
  if (ctx.values.json) {
    print(JSON.stringify(errors.length ? { ok: false, code: 'E_CONFIG', errors, warnings } : { ok: true, sources, warnings }) + '\n');
  } else {
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    if (errors.length) for (const e of errors) process.stderr.write(`${e}\n`);
    else print(`OK (${sources.join(' < ')})\n`);
  }
  return errors.length ? 2 : 0;
}

/** For an OS policy (GPO, MDM); on one computer `tabula staff set-pin` writes the file itself. */
async function hashPinCommand(ctx: Context): Promise<number> {
  const hash = hashPin(await readNewPin());
  print(ctx.values.json ? JSON.stringify({ staffPinHash: hash }) + '\n' : `${hash}\n`);
  return 0;
}

export async function cmdConfig(ctx: Context): Promise<number> {
  if (ctx.args[0] === 'check') return configCheck(ctx);
  if (ctx.args[0] === 'hash-pin') return hashPinCommand(ctx);
  throw new TabulaError('E_USAGE', 'config takes check or hash-pin');
}
