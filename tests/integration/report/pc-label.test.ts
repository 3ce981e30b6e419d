/**
 * The PC's name travels from the agent to a real dashboard (child process, SQLite): the host
 * name's first label at enrollment, then config `pcLabel` with each report batch, and the staff
 * rename on the dashboard wins over both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { enroll } from '../../../main/agent/report/enroll.js';
import { hostPcLabel } from '../../../main/agent/report/pc-label.js';
import { queueAndFlush } from '../../../main/agent/report/queue.js';
import { SqliteStore } from '../../../dashboard/server/store/sqlite-store.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { removeTree, tempDir } from '../../support/tree.js';
import { createToken, startDashboard, startProxy } from './dashboard-child.js';

const SUMMARY = {
  dryRun: false,
  outcome: 'clean',
  categories: { temp: { items: 1, bytes: 10 } },
  failures: [],
  safeMs: 10,
  doneMs: 20,
} as unknown as WipeSummary;

async function labelsOf(db: string): Promise<{ label: string | null; pcLabel: string | null }> {
  const store = new SqliteStore(db);
  try {
    const d = (await store.siteDetail('central', { now: Date.now(), silentAfterMs: 3_600_000, days: 1 }))!.devices[0]!;
    return { label: d.label, pcLabel: d.pcLabel };
  } finally {
    await store.close();
  }
}

test('pcLabel: host name at enrollment, the configured name with reports, a staff rename wins', async () => {
  const base = tempDir('tabula-pc-label-');
  const db = path.join(base, 'd.db');
  const state = path.join(base, 'state');
  const dashboard = await startDashboard(db);
  const proxy = await startProxy();
  proxy.upstream = dashboard.port;
  try {
    const stored = await enroll(state, { dashboard: proxy.url, token: createToken(db) });
    const host = hostPcLabel();
    assert.deepEqual(await labelsOf(db), { label: host ?? null, pcLabel: host ?? null }, 'the host name by default');
    const sent = await queueAndFlush(
      state,
      { ...SUMMARY, outcome: 'partial', failures: [{ category: 'temp', code: 'E_BUSY', count: 1 }] } as WipeSummary,
      'manual',
      { config: { pcLabel: 'Front-Desk-2' }, timeoutMs: 5_000 },
    );
    assert.equal(sent.flush?.sent, 1, 'a failure goes at once');
    assert.deepEqual(await labelsOf(db), { label: 'Front-Desk-2', pcLabel: 'Front-Desk-2' });
    const store = new SqliteStore(db);
    await store.renameDevice(stored.deviceId, 'Kids-corner');
    await store.close();
    assert.deepEqual(await labelsOf(db), { label: 'Kids-corner', pcLabel: 'Front-Desk-2' });
  } finally {
    await dashboard.stop();
    await proxy.close();
    removeTree(base);
  }
});
