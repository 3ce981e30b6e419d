/** The sender without a dashboard: not enrolled, unreachable → backoff recorded and honoured. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { writeCredential } from '../../../main/agent/report/credential.js';
import { queueReport } from '../../../main/agent/report/queue.js';
import { flush } from '../../../main/agent/report/sender.js';
import { readStatus } from '../../../main/agent/report/status.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { removeTree, tempDir } from '../../support/tree.js';

const CLEAN: WipeSummary = {
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  safeMs: 100,
  doneMs: 400,
  browsersClosed: 0,
  remaining: 0,
  categories: { history: { items: 1, bytes: 100 } },
  failures: [],
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('not enrolled: nothing is queued and flush says E_NOT_ENROLLED', async () => {
  const state = tempDir();
  try {
    assert.equal(queueReport(state, CLEAN, 'logout'), false);
    await assert.rejects(flush(state), { code: 'E_NOT_ENROLLED' });
  } finally {
    removeTree(state);
  }
});

test('an unreachable dashboard: reports stay, backoff is recorded and honoured', async () => {
  const state = tempDir();
  try {
    writeCredential(state, {
      v: 1,
      dashboard: `http://127.0.0.1:${await closedPort()}/`,
      deviceId: `dev_${'b'.repeat(32)}`,
      siteId: 'north-2',
      credential: `tbd_${'A'.repeat(43)}`,
      enrolledAt: new Date().toISOString(),
    });
    assert.equal(queueReport(state, CLEAN, 'logout'), true);
    assert.equal(
      queueReport(state, { ...CLEAN, outcome: 'failed', failures: [{ category: 'history', code: 'E_PERM', count: 1 }] }, 'idle'),
      true,
    );
    const now = Date.now();
    const r = await flush(state, { successes: 'all', now: () => now, random: () => 0.5, timeoutMs: 2_000 });
    assert.deepEqual(r, { ok: false, sent: 0, duplicates: 0, dropped: 0, queued: 2, stopped: 'E_DASHBOARD_UNREACHABLE' });
    const status = readStatus(state);
    assert.equal(status.failedAttempts, 1);
    assert.equal(status.nextAttemptAt, now + 30_000);
    assert.equal(status.lastErrorCode, 'E_DASHBOARD_UNREACHABLE');
    assert.equal(status.lastDeliveryAt, null);
    const held = await flush(state, { respectBackoff: true, now: () => now + 1_000 });
    assert.equal(held.stopped, 'backoff');
    const r2 = await flush(state, { respectBackoff: true, now: () => now + 31_000, random: () => 0.5, timeoutMs: 2_000 });
    assert.equal(r2.stopped, 'E_DASHBOARD_UNREACHABLE');
    assert.equal(readStatus(state).nextAttemptAt, now + 31_000 + 60_000);
  } finally {
    removeTree(state);
  }
});
