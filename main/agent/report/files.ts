/**
 * The report state under `<state>/report/` (root-only: folders 0700, files 0600): credential.json,
 * status.json, attempted.json, flush.lock and spool/ (one file per report). Every write is atomic
 * (base/atomic-file.ts: temp file, fsync, rename, fsync of the folder).
 */
import { chmodSync, mkdirSync } from 'node:fs';
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
