/**
 * `tabula session start|end` (PAM, logoff scripts, reservation systems) and `tabula status`:
 * they talk to the running agent over the local channel; without an agent, `session end` wipes
 * directly and `session start` marks the journal. Output: counts and codes, never a name.
 */
import path from 'node:path';
import type { AgentStatus, IpcResponse, WipeResult } from '../../../protocol/ipc.js';
import { callAgent, type RequestBody } from '../ipc/client.js';
import { Journal, journalCounts, type JournalTarget } from '../session/journal.js';
import { resultOf, savedResults } from '../service/results.js';
import { TabulaError } from '../wipe/errors.js';
import { runWipeJob } from '../job/wipe-job.js';
import { jobContextOf, print, scopeOptionsOf, targetsOf, type Context } from './context.js';
import { whatRemains } from './output.js';
import { platformOf } from './args.js';
import { systemAccountResolver } from '../config/targets.js';
import { baselineState, describeBaselines } from '../job/baselines.js';
import { renderReportStatus, reportStatus } from '../report/commands.js';

function whoOf(ctx: Context): { target: JournalTarget; body: { account?: string; home?: string; temp?: string[] } } {
  const { values } = ctx;
  const accounts = values.account ?? [];
  const homes = values.home ?? [];
  if (accounts.length + homes.length !== 1) throw new TabulaError('E_USAGE', 'session takes exactly one --account NAME or --home DIR');
  if (accounts[0] !== undefined) {
    if (values.temp?.length) throw new TabulaError('E_USAGE', '--temp goes with --home');
    return { target: { kind: 'account', name: accounts[0] }, body: { account: accounts[0] } };
  }
  const home = path.resolve(homes[0]!);
  const temp = (values.temp ?? []).map((t) => path.resolve(t));
  return { target: { kind: 'roots', home, temp }, body: { home, temp } };
}

/** The agent's answer, or undefined when no agent runs. */
async function ask(ctx: Context, body: RequestBody, endpoint: 'privileged' | 'patron' = 'privileged'): Promise<IpcResponse | undefined> {
  try {
    return await callAgent(ctx.stateDir, body, { endpoint, timeoutMs: 0 });
  } catch (error) {
    if (error instanceof TabulaError && error.code === 'E_AGENT_UNAVAILABLE') return undefined;
    throw error;
  }
}

function exitOfResult(result: WipeResult | undefined): number {
  if (!result || result.outcome === 'clean') return 0;
  if (result.outcome === 'refused') return 3;
  return result.outcome === 'partial' ? 1 : 4;
}

function printResult(ctx: Context, result: WipeResult | undefined, via: string): void {
  if (ctx.values.json) {
    print(JSON.stringify({ ok: true, via, result }) + '\n');
    return;
  }
  if (!result) print(`session end queued (${via})\n`);
  else if (result.outcome === 'clean') print(`session end (${via}): clean, ${result.items} items removed, safe after ${result.safeMs} ms, verified after ${result.totalMs} ms\n`);
  else if (result.outcome === 'refused') print(`session end (${via}): refused (${result.code ?? 'E_ACCOUNT_REFUSED'}), nothing was touched\n`);
  else print(`session end (${via}): ${result.outcome}${result.code ? ` (${result.code})` : ''}, ${result.items} items removed; ${whatRemains(result.failures, result.remaining)}\n`);
}

function notPatron(ctx: Context): number {
  if (ctx.values.json) print(JSON.stringify({ ok: true, ignored: true, reason: 'E_NOT_PATRON' }) + '\n');
  else print('not a configured patron account: nothing to do\n');
  return 0;
}

async function sessionStart(ctx: Context): Promise<number> {
  const { target, body } = whoOf(ctx);
  const answer = await ask(ctx, { type: 'sessionStart', ...body });
  if (answer && !answer.ok) {
    if (answer.code === 'E_NOT_PATRON') return notPatron(ctx);
    throw new TabulaError(answer.code);
  }
  if (!answer) {
    if (target.kind === 'account' && !(ctx.config.accounts ?? []).includes(target.name)) return notPatron(ctx);
    Journal.open(ctx.stateDir).markDirty(target);
  }
  print(ctx.values.json ? JSON.stringify({ ok: true, via: answer ? 'agent' : 'journal', dirty: true }) + '\n' : `session start recorded (${answer ? 'agent' : 'journal'})\n`);
  return 0;
}

async function sessionEnd(ctx: Context): Promise<number> {
  const { target, body } = whoOf(ctx);
  const answer = await ask(ctx, { type: 'sessionEnd', ...body, trigger: 'logout', wait: true });
  if (answer) {
    if (!answer.ok) {
      if (answer.code === 'E_NOT_PATRON') return notPatron(ctx);
      throw new TabulaError(answer.code);
    }
    const result = (answer.result as { result?: WipeResult }).result;
    printResult(ctx, result, 'agent');
    return exitOfResult(result);
  }
  // No agent: the same wipe job as the agent's (scope, journal, report), run here.
  if (target.kind === 'account' && !(ctx.config.accounts ?? []).includes(target.name)) return notPatron(ctx);
  const started = performance.now();
  const { summary } = await runWipeJob({
    targets: () => targetsOf(ctx), trigger: 'logout', scope: scopeOptionsOf(ctx), closeBrowsers: !ctx.values['no-close-browsers'],
    journal: { journal: Journal.open(ctx.stateDir), target }, report: 'wait',
  }, jobContextOf(ctx));
  const result = resultOf(summary, 'logout', performance.now() - started);
  printResult(ctx, result, 'direct');
  return exitOfResult(result);
}

export async function cmdSession(ctx: Context): Promise<number> {
  const sub = ctx.args[0];
  if (sub === 'start') return sessionStart(ctx);
  if (sub === 'end') return sessionEnd(ctx);
  throw new TabulaError('E_USAGE', 'session takes start or end');
}

function renderStatus(s: AgentStatus | undefined, journal: { dirty: number; clean: number } | undefined, last: WipeResult[], baseline: AgentStatus['baseline']): string {
  const lines = [s ? `agent: running${s.ready ? ', ready' : ', recovering'} (since ${s.startedAt})` : 'agent: not running'];
  lines.push(journal ? `journal: ${journal.dirty} dirty, ${journal.clean} clean` : 'journal: unreadable');
  if (s?.current) lines.push(`wiping: ${s.current.phase} ${s.current.done}/${s.current.total} (${s.current.trigger}), ${s.queued} queued`);
  if (s && s.config.errors > 0) lines.push(`configuration: ${s.config.errors} bad version(s) refused; running on the last good one`);
  lines.push(describeBaselines(baseline));
  for (const r of last.slice(-5)) lines.push(`  ${r.at}  ${r.trigger.padEnd(8)} ${r.outcome.padEnd(8)} ${r.items} items, safe ${r.safeMs} ms, verified ${r.totalMs} ms`);
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
  const baseline = status?.baseline ?? await localBaselines(ctx);
  if (ctx.values.json) {
    const report = reportStatus(ctx.stateDir);
    print(JSON.stringify(status ? { agent: 'running', ...status, report } : { agent: 'not-running', ready: false, journal: journal ?? null, current: null, queued: 0, last, report, baseline }) + '\n');
  } else {
    print(renderStatus(status, journal, last, baseline) + renderReportStatus(reportStatus(ctx.stateDir)));
  }
  return status ? 0 : 1;
}
