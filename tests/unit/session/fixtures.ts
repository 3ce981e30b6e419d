import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandResult, CommandRunner } from '../../../main/agent/base/run-command.js';

const dir = fileURLToPath(new URL('../../../../tests/fixtures/session/', import.meta.url));

export const fixture = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');

export interface Call {
  file: string;
  args: readonly string[];
  input?: string;
}

/** A runner that answers from a function and records the calls. */
export function fakeRunner(answer: (call: Call) => Partial<CommandResult>): { run: CommandRunner; calls: Call[] } {
  const calls: Call[] = [];
  const run: CommandRunner = async (file, args, options) => {
    const call: Call = { file, args, ...(options?.input !== undefined ? { input: options.input } : {}) };
    calls.push(call);
    return { code: 0, stdout: '', stderr: '', ...answer(call) };
  };
  return { run, calls };
}
