/**
 * The `preview` request: a dry run of the wipe through the wipe engine's own path (`wipe()` with
 * dryRun: true — plan, then execute without acting, like `tabula plan`), on the same selection a
 * real wipe of these accounts would use. Nothing is moved or deleted and no browser is closed.
 * The answer is a WipeSummary: counts per category, never a path or a name.
 */
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { CATALOG } from '../catalog/index.js';
import { selectionOfTargets, tempRootsOf } from '../config/targets.js';
import { TabulaError } from '../wipe/errors.js';
import type { Target } from '../wipe/types.js';
import { wipe, type WipeEnvironment } from '../wipe/wipe.js';
import type { WipeRunnerContext } from './wipe-runner.js';

export type PreviewContext = Pick<WipeRunnerContext, 'config' | 'platform' | 'stateDir' | 'log' | 'resolveAccount' | 'knownHomes'>;

/** `account` (a configured patron) or, when absent, every configured patron account. */
export async function previewWipe(ctx: PreviewContext, account?: string): Promise<WipeSummary> {
  const config = ctx.config();
  const patrons = config.accounts ?? [];
  if (account !== undefined && !patrons.includes(account)) throw new TabulaError('E_NOT_PATRON');
  const accounts = account !== undefined ? [account] : patrons;
  if (accounts.length === 0) throw new TabulaError('E_NOT_PATRON');
  const targets: Target[] = [];
  for (const name of accounts) targets.push(await ctx.resolveAccount(name, tempRootsOf(config, ctx.platform)));
  const selection = selectionOfTargets(config, ctx.platform, targets, ctx.stateDir);
  const env: WipeEnvironment = { catalog: CATALOG, log: ctx.log };
  if (ctx.knownHomes) env.knownHomes = ctx.knownHomes;
  return wipe(selection, env, { dryRun: true });
}
