/**
 * The `preview` request: a dry run of the wipe job (job/wipe-job.ts, `wipe()` with
 * dryRun: true — plan, then execute without acting, like `tabula plan`), on the same selection a
 * real wipe of these accounts would use. Nothing is moved or deleted and no browser is closed.
 * The answer is a WipeSummary: counts per category, never a path or a name.
 *
 * Without an account, every configured patron account is previewed; one the system refuses
 * (E_ACCOUNT_REFUSED / E_ACCOUNT_UNKNOWN, e.g. a staff account configured by mistake) does not
 * sink the others: it is counted as a failure in category 'sessions' (the category the wipe
 * engine uses for account-level problems) and the outcome is at best 'partial'. If no account can
 * be previewed, or an explicit account is refused, the refusal is the answer, as before.
 */
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { FailureCount, WipeSummary } from '../../../protocol/wipe-summary.js';
import { tempRootsOf } from '../config/targets.js';
import { runWipeJob } from '../job/wipe-job.js';
import { codeOf, TabulaError } from '../base/errors.js';
import type { Target } from '../wipe/types.js';
import type { WipeRunnerContext } from './wipe-runner.js';

export type PreviewContext = Pick<WipeRunnerContext, 'config' | 'platform' | 'stateDir' | 'log' | 'resolveAccount' | 'knownHomes'>;

/** Account-level refusals: reported per account in a preview of all accounts. */
const REFUSALS: readonly ErrorCode[] = ['E_ACCOUNT_REFUSED', 'E_ACCOUNT_UNKNOWN'];

/** `account` (a configured patron) or, when absent, every configured patron account. */
export async function previewWipe(ctx: PreviewContext, account?: string): Promise<WipeSummary> {
  const config = ctx.config();
  const patrons = config.accounts ?? [];
  if (account !== undefined && !patrons.includes(account)) throw new TabulaError('E_NOT_PATRON');
  const accounts = account !== undefined ? [account] : patrons;
  if (accounts.length === 0) throw new TabulaError('E_NOT_PATRON');
  const targets: Target[] = [];
  const refused = new Map<ErrorCode, number>();
  let firstRefusal: unknown;
  for (const name of accounts) {
    try {
      targets.push(await ctx.resolveAccount(name, tempRootsOf(config, ctx.platform)));
    } catch (error) {
      const code = codeOf(error);
      if (account !== undefined || !REFUSALS.includes(code)) throw error;
      firstRefusal ??= error;
      refused.set(code, (refused.get(code) ?? 0) + 1);
    }
  }
  if (targets.length === 0) throw firstRefusal;
  // What a Wipe now would erase: the session is open, so auto mode previews the catalogue wipe.
  const { summary } = await runWipeJob(
    { targets: async () => targets, trigger: 'manual', dryRun: true, scope: { sessionOpen: true } },
    { config, platform: ctx.platform, stateDir: ctx.stateDir, log: ctx.log, knownHomes: ctx.knownHomes },
  );
  if (refused.size === 0) return summary;
  for (const [code, count] of refused) ctx.log.warn('preview.account-refused', { code, accounts: count });
  return withRefusals(summary, refused);
}

/** The summary with one failure per refusal code (category 'sessions'), in the engine's order. */
function withRefusals(summary: WipeSummary, refused: Map<ErrorCode, number>): WipeSummary {
  const failures: FailureCount[] = summary.failures.map((f) => ({ ...f }));
  for (const [code, count] of refused) {
    const same = failures.find((f) => f.category === 'sessions' && f.code === code);
    if (same) same.count += count;
    else failures.push({ category: 'sessions', code, count });
  }
  failures.sort((a, b) => a.category.localeCompare(b.category) || a.code.localeCompare(b.code));
  return { ...summary, failures, outcome: summary.outcome === 'failed' ? 'failed' : 'partial' };
}
