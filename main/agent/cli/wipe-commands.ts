/** plan, wipe, verify, baseline: the wipe engine on the command line. */
import type { CategoryId } from '../../../protocol/categories.js';
import { CATALOG } from '../catalog/index.js';
import { captureBaseline } from '../wipe/baseline.js';
import { TabulaError } from '../base/errors.js';
import { execute } from '../wipe/execute/executor.js';
import { plan } from '../wipe/plan/planner.js';
import { knownHomes, pinRoot } from '../wipe/plan/roots.js';
import { categoryFinder } from '../wipe/plan/reset-planner.js';
import { rawKey } from '../wipe/fs/names.js';
import { engineScope, verifySelection } from '../wipe/wipe.js';
import { mergeScope, runAreas, verifyAreas } from '../job/areas.js';
import { runWipeJob } from '../job/wipe-job.js';
import { jobContextOf, print, scopeOptionsOf, selectionOf, targetsOf, type Context } from './context.js';
import { exitCodeOf, formatBytes, progressPrinter, renderSummary } from './output.js';
import { plural } from '../../../protocol/plural.js';

export async function cmdPlan(ctx: Context): Promise<number> {
  const selection = await selectionOf(ctx);
  const thePlan = plan(selection, { catalog: CATALOG });
  if (ctx.values.paths) {
    for (const item of thePlan.items) print(`${item.category}\t${item.entry}\t${item.type}\t${item.path}\n`);
    return 0;
  }
  const summary = await execute(thePlan, { dryRun: true });
  summary.scope = engineScope(selection);
  await runAreas(summary, { selection, dryRun: true }); // the patron's print jobs
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, 'Would remove'));
  return 0;
}

export async function cmdWipe(ctx: Context): Promise<number> {
  const dryRun = ctx.values['dry-run'] === true;
  const { summary } = await runWipeJob(
    {
      targets: () => targetsOf(ctx),
      trigger: 'manual',
      dryRun,
      scope: scopeOptionsOf(ctx),
      closeBrowsers: !ctx.values['no-close-browsers'],
      overwrite: ctx.values.overwrite === true,
      onProgress: progressPrinter(!ctx.values.json && process.stderr.isTTY === true),
      report: 'wait',
    },
    jobContextOf(ctx),
  );
  print(ctx.values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, dryRun ? 'Would remove' : 'Removed'));
  return exitCodeOf(summary);
}

export async function cmdVerify(ctx: Context): Promise<number> {
  const selection = await selectionOf(ctx);
  const { remaining: homeRemaining, categories, problems } = await verifySelection(selection, { catalog: CATALOG });
  // [outside] The whole claimed scope: print jobs and their log entries too; an area that could
  // not be checked (print system unreachable, spool unreadable) is never reported clean.
  const outside = await verifyAreas(selection);
  const scope = mergeScope(engineScope(selection), outside.scope);
  if (outside.remaining > 0) categories['print-jobs'] = (categories['print-jobs'] ?? 0) + outside.remaining;
  const remaining = homeRemaining + outside.remaining;
  const unchecked = outside.scope.unchecked;
  // Home items the re-plan could not check (an unaddressable name, a link or mount in the way) are failures too.
  const failures = [...problems, ...outside.failures.filter((f) => f.code !== 'E_REMAINING')];
  const clean = remaining === 0 && unchecked.length === 0 && problems.length === 0;
  if (ctx.values.json) print(JSON.stringify({ clean, remaining, categories, scope, failures }) + '\n');
  else if (clean) print(`verified clean: nothing remains (${scope.verified.join(', ')})\n`);
  else
    print(
      `NOT clean: ${plural(remaining, 'item remains', 'items remain')} (${Object.entries(categories)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')})` +
        (unchecked.length > 0 || problems.length > 0
          ? `; not checked: ${[...unchecked, ...problems.map((f) => f.category)].join(', ')} (${failures.map((f) => f.code).join(', ')})`
          : '') +
        '\n',
    );
  return clean ? 0 : 1;
}

export async function cmdBaseline(ctx: Context): Promise<number> {
  if (ctx.args[0] !== 'capture') throw new TabulaError('E_USAGE', 'baseline takes the subcommand capture');
  const selection = await selectionOf(ctx);
  let code = 0;
  for (const target of selection.targets) {
    const home = pinRoot(target.home, 'home', { stateDir: ctx.stateDir, knownHomes: knownHomes(), uid: target.uid });
    // Failures are counted in the category the catalogue gives the path (as a reset would); the
    // clean plan that knows it is made only when a failure is counted.
    let categoryOf: ((key: string) => CategoryId) | undefined;
    const catalogueCategory = (key: string): CategoryId => {
      if (!categoryOf) {
        const clean = plan({ ...selection, mode: 'clean', targets: [{ ...target, mode: 'clean' }] }, { catalog: CATALOG });
        const catalogued = new Map(clean.items.filter((i) => i.root === home.path).map((i) => [rawKey(i.raw), i.category] as const));
        categoryOf = categoryFinder(catalogued, home.path);
      }
      return categoryOf(key);
    };
    const result = captureBaseline(home.path, ctx.stateDir, {
      platform: selection.platform,
      categoryOf: (p) => catalogueCategory(rawKey(Buffer.from(p))),
    });
    if (!result.written) code = 1;
    if (ctx.values.json) print(JSON.stringify({ ok: result.written, ...result }) + '\n');
    else if (!result.written) {
      print(
        `Baseline NOT captured: ${result.failures.map((f) => `${f.category} ${f.code} ×${f.count}`).join(', ')}. ` +
          'A file was locked or unreadable; log the account off (Windows must unload its profile) and capture again. The previous baseline, if any, is kept.\n',
      );
    } else {
      print(
        `Baseline captured: ${plural(result.files, 'file')} (${formatBytes(result.bytes)}), ${plural(result.dirs, 'folder')}, ${plural(result.links, 'link')}` +
          (result.acls
            ? `; owner and ACL of ${plural(result.acls.recorded, 'entry', 'entries')}${result.acls.missing ? ` (${result.acls.missing} unreadable: restored with inherited ones)` : ''}`
            : '') +
          '.\n',
      );
    }
  }
  return code;
}
