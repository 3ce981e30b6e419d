/** plan, wipe, verify, baseline: the wipe engine on the command line. */
import { CATALOG } from '../catalog/index.js';
import { captureBaseline } from '../wipe/baseline.js';
import { TabulaError } from '../wipe/errors.js';
import { execute } from '../wipe/executor.js';
import { plan } from '../wipe/planner.js';
import { knownHomes, pinRoot } from '../wipe/roots.js';
import { verifySelection } from '../wipe/wipe.js';
import { runWipeJob } from '../job/wipe-job.js';
import { jobContextOf, print, scopeOptionsOf, selectionOf, targetsOf, type Context } from './context.js';
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
  const dryRun = ctx.values['dry-run'] === true;
  const { summary } = await runWipeJob({
    targets: () => targetsOf(ctx), trigger: 'manual', dryRun, scope: scopeOptionsOf(ctx),
    closeBrowsers: !ctx.values['no-close-browsers'], overwrite: ctx.values.overwrite === true,
    onProgress: progressPrinter(!ctx.values.json && process.stderr.isTTY === true), report: 'wait',
  }, jobContextOf(ctx));
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, dryRun ? 'Would remove' : 'Removed'));
  return exitCodeOf(summary);
}

export async function cmdVerify(ctx: Context): Promise<number> {
  const { remaining, categories, problems } = await verifySelection(await selectionOf(ctx), { catalog: CATALOG });
  // What could not be checked (an unaddressable name, a link or mount in the way) is never "clean".
  const clean = remaining === 0 && problems.length === 0;
  if (ctx.values.json) print(JSON.stringify({ clean, remaining, categories, problems }) + '\n');
  else print(clean ? 'verified clean: nothing catalogued remains\n'
    : `NOT clean: ${remaining} items remain (${Object.entries(categories).map(([c, n]) => `${c} ${n}`).join(', ')})` +
      `${problems.length ? `; not checked: ${problems.map((f) => `${f.category} ${f.code}`).join(', ')}` : ''}\n`);
  return clean ? 0 : 1;
}

export async function cmdBaseline(ctx: Context): Promise<number> {
  if (ctx.args[0] !== 'capture') throw new TabulaError('E_USAGE', 'baseline takes the subcommand capture');
  const selection = await selectionOf(ctx);
  for (const target of selection.targets) {
    const home = pinRoot(target.home, 'home', { stateDir: ctx.stateDir, knownHomes: knownHomes(), uid: target.uid });
    const counts = captureBaseline(home.path, ctx.stateDir);
    print(ctx.values.json ? JSON.stringify({ ok: true, ...counts }) + '\n'
      : `Baseline captured: ${counts.files} files (${formatBytes(counts.bytes)}), ${counts.dirs} folders, ${counts.links} links.\n`);
  }
  return 0;
}

