/**
 * `tabula session start|end` (PAM, logoff scripts, reservation systems): tells the running agent
 * over the local channel. This module stays light (no configuration, no wipe engine): the PAM
 * hook runs it at every logout. Without an agent, session-commands.ts does the work here.
 * Output: counts and codes, never a name.
 */
import path from 'node:path';
import type { IpcResponse, WipeResult } from '../../../protocol/ipc.js';
import { callAgent, type RequestBody } from '../ipc/client.js';
import type { JournalTarget } from '../session/journal.js';
import { TabulaError } from '../wipe/errors.js';
import { print, type BaseContext } from './base-context.js';
import { whatRemains } from './output.js';

function whoOf(ctx: BaseContext): { target: JournalTarget; body: { account?: string; home?: string; temp?: string[] } } {
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
export async function ask(ctx: BaseContext, body: RequestBody, endpoint: 'privileged' | 'patron' = 'privileged'): Promise<IpcResponse | undefined> {
  try {
    return await callAgent(ctx.stateDir, body, { endpoint, timeoutMs: 0 });
  } catch (error) {
    if (error instanceof TabulaError && error.code === 'E_AGENT_UNAVAILABLE') return undefined;
    throw error;
  }
}

export function exitOfResult(result: WipeResult | undefined): number {
  if (!result || result.outcome === 'clean') return 0;
  if (result.outcome === 'refused') return 3;
  return result.outcome === 'partial' ? 1 : 4;
}

export function printResult(ctx: BaseContext, result: WipeResult | undefined, via: string): void {
  if (ctx.values.json) {
    print(JSON.stringify({ ok: true, via, result }) + '\n');
    return;
  }
  if (!result) print(`session end queued (${via})\n`);
  else if (result.outcome === 'clean') print(`session end (${via}): clean, ${result.items} items removed, safe after ${result.safeMs} ms, verified after ${result.totalMs} ms\n`);
  else if (result.outcome === 'refused') print(`session end (${via}): refused (${result.code ?? 'E_ACCOUNT_REFUSED'}), nothing was touched\n`);
  else print(`session end (${via}): ${result.outcome}${result.code ? ` (${result.code})` : ''}, ${result.items} items removed; ${whatRemains(result.failures, result.remaining)}\n`);
}

export function notPatron(ctx: BaseContext): number {
  if (ctx.values.json) print(JSON.stringify({ ok: true, ignored: true, reason: 'E_NOT_PATRON' }) + '\n');
  else print('not a configured patron account: nothing to do\n');
  return 0;
}

async function sessionStart(ctx: BaseContext): Promise<number> {
  const { target, body } = whoOf(ctx);
  const answer = await ask(ctx, { type: 'sessionStart', ...body });
  if (answer && !answer.ok) {
    if (answer.code === 'E_NOT_PATRON') return notPatron(ctx);
    throw new TabulaError(answer.code);
  }
  if (!answer && !(await (await import('./session-commands.js')).markStartedHere(ctx, target))) return notPatron(ctx);
  print(ctx.values.json ? JSON.stringify({ ok: true, via: answer ? 'agent' : 'journal', dirty: true }) + '\n' : `session start recorded (${answer ? 'agent' : 'journal'})\n`);
  return 0;
}

async function sessionEnd(ctx: BaseContext): Promise<number> {
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
  return (await import('./session-commands.js')).endHere(ctx, target);
}

export async function cmdSession(ctx: BaseContext): Promise<number> {
  const sub = ctx.args[0];
  if (sub === 'start') return sessionStart(ctx);
  if (sub === 'end') return sessionEnd(ctx);
  throw new TabulaError('E_USAGE', 'session takes start or end');
}

