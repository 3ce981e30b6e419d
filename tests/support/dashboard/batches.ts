/** Report batches for dashboard tests (valid by default; override any field). */
import { randomUUID } from 'node:crypto';
import type { ReportBatchT, ReportT } from '../../../protocol/report.js';

export const CONFIG_HASH = 'a'.repeat(64);

export function hourOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;
}

export function makeReport(over: Partial<ReportT> = {}): ReportT {
  const wipes = over.wipes ?? 1;
  return {
    key: randomUUID(),
    hour: hourOf(Date.now()),
    trigger: 'logout',
    outcome: 'clean',
    wipes,
    categories: { history: { items: 2 * wipes, bytes: 1000 * wipes }, cache: { items: 10 * wipes, bytes: 50_000 * wipes } },
    safeMs: { le250: wipes },
    doneMs: { le1000: wipes },
    failures: [],
    ...over,
  };
}

export function failedReport(over: Partial<ReportT> = {}): ReportT {
  return makeReport({ outcome: 'failed', failures: [{ category: 'cache', code: 'E_BUSY', count: 2 }], ...over });
}

export function makeBatch(device: { id: string; siteId: string }, reports: ReportT[]): ReportBatchT {
  return { v: 1, deviceId: device.id, siteId: device.siteId, agentVersion: '0.1.0', configHash: CONFIG_HASH, reports };
}
