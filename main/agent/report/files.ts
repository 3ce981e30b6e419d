/**
 * The report state under `<state>/report/` (root-only: folders 0700, files 0600): credential.json,
 * status.json, attempted.json, flush.lock and spool/ (one file per report). Every write is atomic:
 * a temp file in the same folder, fsync, rename, fsync of the folder.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export function reportDir(stateDir: string): string {
  return path.join(stateDir, 'report');
}

export function spoolDir(stateDir: string): string {
  return path.join(reportDir(stateDir), 'spool');
}

/** Creates a folder (and its parents) and forces it to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}

export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `file` atomically and durably, mode 0600. */
export function writeAtomic(file: string, text: string, options: { syncDir?: boolean } = {}): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, file);
  if (options.syncDir !== false) fsyncDir(dir);
}

/** The parsed JSON of a file, or undefined when it is missing or not JSON. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
