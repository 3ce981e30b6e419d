/**
 * `tabula status`, and what `tabula session start|end` (session-hook.ts) does when no agent runs:
 * `session end` wipes directly and `session start` marks the journal. Output: counts and codes,
 * never a name.
 */
import type { AgentStatus, WipeResult } from '../../../protocol/ipc.js';
import { Journal, journalCounts, type JournalTarget } from '../session/journal.js';
import { resultOf, savedResults } from '../service/results.js';
import { TabulaError } from '../base/errors.js';
import { runWipeJob } from '../job/wipe-job.js';
import { jobContextOf, print, scopeOptionsOf, targetsOf, type Context } from './context.js';
import { ask, exitOfResult, notPatron, printResult } from './session-answer.js';
import type { BaseContext } from './base-context.js';
import { platformOf } from './args.js';
import { systemAccountResolver } from '../config/targets.js';
import { baselineState, describeBaselines } from '../job/baselines.js';
import { renderReportStatus, reportStatus } from './report-commands.js';
import { plural } from '../../../protocol/plural.js';

/** No agent: records the session start in the journal here; false when the account is not a configured patron. */
export async function markStartedHere(base: BaseContext, target: JournalTarget): Promise<boolean> {
  const config = await base.loadConfig();
  if (target.kind === 'account' && !(config.accounts ?? []).includes(target.name)) return false;
  Journal.open(base.stateDir).markDirty(target);
  return true;
}

/** No agent: the same wipe job as the agent's (scope, journal, report), run in this process. */
export async function endHere(base: BaseContext, target: JournalTarget): Promise<number> {
  const ctx: Context = { ...base, config: await base.loadConfig() };
  if (target.kind === 'account' && !(ctx.config.accounts ?? []).includes(target.name)) return notPatron(ctx);
  const started = performance.now();
  const { summary } = await runWipeJob(
    {
      targets: () => targetsOf(ctx),
      trigger: 'logout',
      scope: scopeOptionsOf(ctx),
      closeBrowsers: !ctx.values['no-close-browsers'],
      journal: { journal: Journal.open(ctx.stateDir), target },
      report: 'wait',
    },
    jobContextOf(ctx),
  );
  const result = resultOf(summary, 'logout', performance.now() - started);
  printResult(ctx, result, 'direct');
  return exitOfResult(result);
}

function renderStatus(
  s: AgentStatus | undefined,
  journal: { dirty: number; clean: number } | undefined,
  last: WipeResult[],
  baseline: AgentStatus['baseline'],
): string {
  const lines = [s ? `agent: running${s.ready ? ', ready' : ', recovering'} (since ${s.startedAt})` : 'agent: not running'];
  lines.push(journal ? `journal: ${journal.dirty} dirty, ${journal.clean} clean` : 'journal: unreadable');
  if (s?.current) lines.push(`wiping: ${s.current.phase} ${s.current.done}/${s.current.total} (${s.current.trigger}), ${s.queued} queued`);
  if (s && s.config.errors > 0) lines.push(`configuration: ${s.config.errors} bad version(s) refused; running on the last good one`);
  lines.push(describeBaselines(baseline));
  for (const r of last.slice(-5))
    lines.push(
      `  ${r.at}  ${r.trigger.padEnd(8)} ${r.outcome.padEnd(8)} ${plural(r.items, 'item')}, safe ${r.safeMs} ms, verified ${r.totalMs} ms`,
    );
  return lines.join('\n') + '\n';
}

/** Without an agent: the same counts, from this process (the system's account resolver). */
async function localBaselines(ctx: Context): Promise<AgentStatus['baseline']> {
  const { mode, captured, missing } = await baselineState(ctx.config, ctx.stateDir, systemAccountResolver(platformOf(ctx.values)));
  return { mode, captured, missing };
}

export async function cmdStatus(ctx: Context): Promise<number> {
  const answer = await ask(ctx, { type: 'status' }, 'patron');
  if (answer && !answer.ok) throw new TabulaError(answer.code);
  const status = answer?.ok ? (answer.result as AgentStatus) : undefined;
  const journal = status?.journal ?? journalCounts(ctx.stateDir);
  const last = status?.last ?? savedResults(ctx.stateDir);
  const baseline = status?.baseline ?? (await localBaselines(ctx));
  if (ctx.values.json) {
    const report = reportStatus(ctx.stateDir);
    print(
      JSON.stringify(
        status
          ? { agent: 'running', ...status, report }
          : { agent: 'not-running', ready: false, journal: journal ?? null, current: null, queued: 0, last, report, baseline },
      ) + '\n',
    );
  } else {
    print(renderStatus(status, journal, last, baseline) + renderReportStatus(reportStatus(ctx.stateDir)));
  }
  return status ? 0 : 1;
}
