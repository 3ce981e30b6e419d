/** The agent's answer to a session start or end, and how the CLI prints it (both session-hook.ts and session-commands.ts). */
import type { IpcResponse, WipeResult } from '../../../protocol/ipc.js';
import { callAgent, type RequestBody } from '../ipc/client.js';
import { TabulaError } from '../base/errors.js';
import { print, type BaseContext } from './base-context.js';
import { whatRemains } from './output.js';
import { plural } from '../../../protocol/plural.js';

/** The agent's answer, or undefined when no agent runs. */
export async function ask(
  ctx: BaseContext,
  body: RequestBody,
  endpoint: 'privileged' | 'patron' = 'privileged',
): Promise<IpcResponse | undefined> {
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
  else if (result.outcome === 'clean')
    print(
      `session end (${via}): clean, ${plural(result.items, 'item')} removed, safe after ${result.safeMs} ms, verified after ${result.totalMs} ms\n`,
    );
  else if (result.outcome === 'refused')
    print(`session end (${via}): refused (${result.code ?? 'E_ACCOUNT_REFUSED'}), nothing was touched\n`);
  else
    print(
      `session end (${via}): ${result.outcome}${result.code ? ` (${result.code})` : ''}, ${plural(result.items, 'item')} removed; ${whatRemains(result.failures, result.remaining)}\n`,
    );
}

export function notPatron(ctx: BaseContext): number {
  if (ctx.values.json) print(JSON.stringify({ ok: true, ignored: true, reason: 'E_NOT_PATRON' }) + '\n');
  else print('not a configured patron account: nothing to do\n');
  return 0;
}
