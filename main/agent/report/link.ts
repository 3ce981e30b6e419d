/** The dashboard link as `status` shows it (protocol/ipc.ts DashboardLink), from files only. */
import type { DashboardLink } from '../../../protocol/ipc.js';
import { readCredential } from './credential.js';
import { readStatus } from './status.js';

export function dashboardLink(stateDir: string): DashboardLink {
  if (!readCredential(stateDir)) return 'not-enrolled';
  const s = readStatus(stateDir);
  if (s.failedAttempts > 0) return 'disconnected';
  return s.lastDeliveryAt ? 'connected' : 'unknown';
}
