/** Structured logging (winston, JSON lines) of redacted events only. */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Winston from 'winston';
import { redactFields, redactValue, type LogFields } from './redact.js';

export interface EventLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  close(): Promise<void>;
}

let winstonModule: typeof Winston | undefined;
/** winston, loaded when the first log opens (not at start-up: `tabula --version` and the PAM hook never log). */
function loadWinston(): typeof Winston {
  winstonModule ??= createRequire(import.meta.url)('winston') as typeof Winston;
  return winstonModule;
}

/** Logs to `<stateDir>/logs/tabula.log`; with `stderr`, also to the terminal. */
export function openEventLog(stateDir: string, options: { stderr?: boolean } = {}): EventLog {
  const winston = loadWinston();
  const dir = path.join(stateDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const transports: Winston.transport[] = [
    new winston.transports.File({ filename: path.join(dir, 'tabula.log'), maxsize: 5 * 1024 * 1024, maxFiles: 5 }),
  ];
  if (options.stderr) transports.push(new winston.transports.Console({ stderrLevels: ['info', 'warn', 'error'] }));
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports,
  });
  const write = (level: 'info' | 'warn' | 'error') => (event: string, fields: LogFields = {}) => {
    logger.log({ level, message: String(redactValue(event)), ...redactFields(fields) });
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: () => new Promise((resolve) => {
      logger.on('finish', () => resolve());
      logger.end();
    }),
  };
}

/** A log that drops everything (plan/verify without a state directory). */
export const silentLog: EventLog = { info() {}, warn() {}, error() {}, close: async () => {} };
