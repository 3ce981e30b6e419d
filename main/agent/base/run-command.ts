/**
 * The one way session code runs an OS program: `execFile` (no shell), a timeout, output kept in
 * memory. Injectable so parsers, pollers and session enders are tested without the OS.
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; -1 when the program could not be started or was killed by the timeout. */
  code: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (
  file: string,
  args: readonly string[],
  options?: { input?: string; timeoutMs?: number },
) => Promise<CommandResult>;

/** Runs a program without a shell. Never rejects: failures are a non-zero `code`. */
export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      { encoding: 'utf8', timeout: options.timeoutMs ?? 15_000, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
