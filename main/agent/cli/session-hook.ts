/**
 * `tabula session start|end` (PAM, logoff scripts, reservation systems): tells the running agent
 * over the local channel. This module stays light (no configuration, no wipe engine): the PAM
 * hook runs it at every logout. Without an agent, session-commands.ts does the work here.
 * Output: counts and codes, never a name.
 */
import path from 'node:path';
import type { JournalTarget } from '../session/journal.js';
import { TabulaError } from '../base/errors.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { print, type BaseContext } from './base-context.js';
import { ask, exitOfResult, notPatron, printResult } from './session-answer.js';

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

async function sessionStart(ctx: BaseContext): Promise<number> {
  const { target, body } = whoOf(ctx);
  const answer = await ask(ctx, { type: 'sessionStart', ...body });
  if (answer && !answer.ok) {
    if (answer.code === 'E_NOT_PATRON') return notPatron(ctx);
    throw new TabulaError(answer.code);
  }
  if (!answer && !(await (await import('./session-commands.js')).markStartedHere(ctx, target))) return notPatron(ctx);
  print(
    ctx.values.json
      ? JSON.stringify({ ok: true, via: answer ? 'agent' : 'journal', dirty: true }) + '\n'
      : `session start recorded (${answer ? 'agent' : 'journal'})\n`,
  );
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
