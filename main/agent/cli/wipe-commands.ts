/** plan, wipe, verify, baseline: the wipe engine on the command line. */
import { CATALOG } from '../catalog/index.js';
import { captureBaseline } from '../wipe/baseline.js';
import { TabulaError } from '../wipe/errors.js';
import { Tally } from '../wipe/tally.js';
import { execute } from '../wipe/executor.js';
import { plan } from '../wipe/planner.js';
import { knownHomes, pinRoot } from '../wipe/roots.js';
import { wipe, type WipeEnvironment } from '../wipe/wipe.js';
import { queueAndFlush } from '../report/queue.js';
import { browserCloser, OVERWRITE_CATEGORIES, print, selectionOf, type Context } from './context.js';
import { exitCodeOf, formatBytes, progressPrinter, renderSummary } from './output.js';

export async function cmdPlan(ctx: Context): Promise<number> {
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

export async function cmdWipe(ctx: Context): Promise<number> {
  const log = ctx.log();
  const selection = await selectionOf(ctx);
  const dryRun = ctx.values['dry-run'] === true;
  const onProgress = progressPrinter(!ctx.values.json && process.stderr.isTTY === true);
  const closing = ctx.values['no-close-browsers'] || ctx.config.closeBrowsers === false || selection.platform !== process.platform;
  const env: WipeEnvironment = { catalog: CATALOG, log, closeBrowsers: closing ? undefined : browserCloser(selection) };
  const overwrite = ctx.values.overwrite || ctx.config.overwriteFiles ? OVERWRITE_CATEGORIES : undefined;
  const summary = await wipe(selection, env, { dryRun, onProgress, overwrite });
  if (!dryRun) await queueAndFlush(ctx.stateDir, summary, 'manual', { config: ctx.config, log }); // never throws
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, dryRun ? 'Would remove' : 'Removed'));
  return exitCodeOf(summary);
}

export async function cmdVerify(ctx: Context): Promise<number> {
  const thePlan = plan(await selectionOf(ctx), { catalog: CATALOG });
  const byCategory: Record<string, number> = {};
  for (const item of thePlan.items) byCategory[item.category] = (byCategory[item.category] ?? 0) + 1;
  const remaining = thePlan.items.length;
  // What could not be checked (an unaddressable name, a link or mount in the way) is never "clean".
  const problems = new Tally();
  for (const p of thePlan.problems) problems.fail(p.category, p.code);
  const clean = remaining === 0 && thePlan.problems.length === 0;
  if (ctx.values.json) print(JSON.stringify({ clean, remaining, categories: byCategory, problems: problems.failures }) + '\n');
  else print(clean ? 'verified clean: nothing catalogued remains\n'
    : `NOT clean: ${remaining} items remain (${Object.entries(byCategory).map(([c, n]) => `${c} ${n}`).join(', ')})` +
      `${thePlan.problems.length ? `; not checked: ${problems.failures.map((f) => `${f.category} ${f.code}`).join(', ')}` : ''}\n`);
  return clean ? 0 : 1;
}

export async function cmdBaseline(ctx: Context): Promise<number> {
  if (ctx.args[0] !== 'capture') throw new TabulaError('E_USAGE', 'baseline takes the subcommand capture');
  const selection = await selectionOf(ctx);
  for (const target of selection.targets) {
    const home = pinRoot(target.home, 'home', { stateDir: ctx.stateDir, knownHomes: knownHomes() });
    const counts = captureBaseline(home.path, ctx.stateDir);
    print(ctx.values.json ? JSON.stringify({ ok: true, ...counts }) + '\n'
      : `Baseline captured: ${counts.files} files (${formatBytes(counts.bytes)}), ${counts.dirs} folders, ${counts.links} links.\n`);
  }
  return 0;
}

