/** Delivery state in `<state>/report/status.json`: last delivery, backoff, dropped counts. */
import path from 'node:path';
import { readJsonFile, writeFileAtomic } from '../base/atomic-file.js';
import { ensurePrivateDir, reportDir } from './files.js';

export interface DeliveryStatus {
  /** ISO time of the last 2xx. */
  lastDeliveryAt: string | null;
  lastAttemptAt: string | null;
  /** Consecutive failed attempts (0 after a 2xx). */
  failedAttempts: number;
  /** Epoch ms before which automatic flushes do not try again. */
  nextAttemptAt: number;
  /** Code of the last failed attempt (an error code, never a message). */
  lastErrorCode: string | null;
  /** Reports the dashboard stored (accepted + duplicates). */
  delivered: number;
  /** Reports dropped: rejected as invalid by the dashboard, damaged on disk, or over the spool bound. */
  dropped: number;
}

export const EMPTY_STATUS: DeliveryStatus = {
  lastDeliveryAt: null,
  lastAttemptAt: null,
  failedAttempts: 0,
  nextAttemptAt: 0,
  lastErrorCode: null,
  delivered: 0,
  dropped: 0,
};

function file(stateDir: string): string {
  return path.join(reportDir(stateDir), 'status.json');
}

export function readStatus(stateDir: string): DeliveryStatus {
  const value = readJsonFile(file(stateDir));
  if (!value || typeof value !== 'object') return { ...EMPTY_STATUS };
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' && x.length <= 64 ? x : null);
  const int = (x: unknown) => (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : 0);
  return {
    lastDeliveryAt: str(v.lastDeliveryAt),
    lastAttemptAt: str(v.lastAttemptAt),
    failedAttempts: int(v.failedAttempts),
    nextAttemptAt: int(v.nextAttemptAt),
    lastErrorCode: str(v.lastErrorCode),
    delivered: int(v.delivered),
    dropped: int(v.dropped),
  };
}

export function updateStatus(stateDir: string, change: (s: DeliveryStatus) => void): DeliveryStatus {
  const status = readStatus(stateDir);
  change(status);
  ensurePrivateDir(reportDir(stateDir));
  writeFileAtomic(file(stateDir), JSON.stringify(status));
  return status;
}
