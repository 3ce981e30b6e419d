/**
 * Structured logging of redacted events only: JSON lines (`{"level","message","timestamp",…fields}`)
 * in `<stateDir>/logs/tabula.log`.
 *
 * Written here rather than with a logging library (winston was ~7 MB of the agent's resident
 * memory, issue 14): each line is one `O_APPEND` write, so the agent and a CLI command writing the
 * same file never interleave within a line, and a line logged before a crash is on disk. Past
 * 5 MiB the file is rotated (`tabula.log` → `tabula.log.1` … `tabula.log.4`, the oldest dropped).
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { redactFields, redactValue, type LogFields } from './redact.js';

export interface EventLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  close(): Promise<void>;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_FILES = 5;

/** Logs to `<stateDir>/logs/tabula.log`; with `stderr`, also to the terminal. Throws when the folder cannot be made. */
export function openEventLog(stateDir: string, options: { stderr?: boolean; maxBytes?: number } = {}): EventLog {
  const dir = path.join(stateDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'tabula.log');
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  let fd: number | undefined = openSync(file, 'a', 0o600);
  let size = fstatSync(fd).size;
  /** Shifts the files one up and reopens the log; a closed descriptor is never written (if the reopen fails, logging stops). */
  const rotate = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    try {
      rmSync(`${file}.${LOG_FILES - 1}`, { force: true });
      for (let n = LOG_FILES - 2; n >= 1; n--) {
        try {
          renameSync(`${file}.${n}`, `${file}.${n + 1}`);
        } catch {
          // not there yet
        }
      }
      renameSync(file, `${file}.1`);
    } finally {
      fd = openSync(file, 'a', 0o600);
      size = fstatSync(fd).size;
    }
  };
  const write =
    (level: 'info' | 'warn' | 'error') =>
    (event: string, fields: LogFields = {}) => {
      if (fd === undefined) return; // closed
      const line =
        JSON.stringify({ level, message: String(redactValue(event)), ...redactFields(fields), timestamp: new Date().toISOString() }) + '\n';
      try {
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) {
          try {
            rotate();
          } catch {
            // Not rotated (a file in the way): the line still goes into the current file.
          }
        }
        if (fd === undefined) return;
        writeSync(fd, line);
        size += bytes;
      } catch {
        // A full disk or a vanished folder must not stop a wipe: the line is dropped.
      }
      if (options.stderr) process.stderr.write(line);
    };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: async () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** A log that drops everything (plan/verify without a state directory). */
export const silentLog: EventLog = { info() {}, warn() {}, error() {}, close: async () => {} };
