/**
 * Exactly-once and failures-first against a real dashboard (child process, SQLite) on loopback:
 * 200 wipes spooled while the dashboard is down, an answer lost on the way back, then flushes until
 * empty → exactly 200 stored, and a further flush adds nothing. A failure is sent at once while
 * successes wait for their hour; a poison report is dropped without blocking the queue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { enroll } from '../../../main/agent/report/enroll.js';
import { queueAndFlush, queueReport } from '../../../main/agent/report/queue.js';
import { dashboardLink } from '../../../main/agent/report/link.js';
import { flush } from '../../../main/agent/report/sender.js';
import { Spool } from '../../../main/agent/report/spool.js';
import { REPORT_TRIGGERS } from '../../../protocol/report.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { selectionFor, wipeFor } from '../../support/wipe-run.js';
import { createToken, dashboardStats, startDashboard, startProxy } from './dashboard-child.js';

async function realSummary(base: string): Promise<WipeSummary> {
  layout(base, {
    'home/.config/chromium/Default/History': 'h',
    'home/.config/chromium/Default/Cookies': 'c',
    'home/Downloads/a.pdf': 'pdf',
  });
  const summary = await wipeFor(selectionFor(base), CATALOG);
  assert.equal(summary.outcome, 'clean');
  return summary;
}

async function setup() {
  const base = tempDir('tabula-report-once-');
  const db = path.join(base, 'd.db');
  const state = path.join(base, 'state');
  let dashboard = await startDashboard(db);
  const proxy = await startProxy();
  proxy.upstream = dashboard.port;
  await enroll(state, { dashboard: proxy.url, token: createToken(db) });
  const summary = await realSummary(base);
  return {
    base,
    db,
    state,
    proxy,
    summary,
    restart: async () => {
      await dashboard.stop();
      dashboard = await startDashboard(db);
      proxy.upstream = dashboard.port;
    },
    stop: async () => {
      proxy.upstream = undefined;
      await dashboard.stop();
    },
    close: async () => {
      await dashboard.stop();
      await proxy.close();
      removeTree(base);
    },
  };
}

test('exactly once: 200 wipes spooled while the dashboard is down, one answer lost → exactly 200', async () => {
  const t = await setup();
  try {
    assert.equal(dashboardLink(t.state), 'unknown', 'enrolled, nothing sent yet');
    await t.stop();
    const hour = 3_600_000;
    const start = Date.now() - 5 * hour;
    for (let i = 0; i < 200; i++) {
      const partial = i % 20 === 0;
      const summary: WipeSummary = partial
        ? { ...t.summary, outcome: 'partial', failures: [{ category: 'cache', code: 'E_BUSY', count: 1 }] }
        : t.summary;
      const trigger = REPORT_TRIGGERS[i % REPORT_TRIGGERS.length] ?? 'logout';
      assert.ok(queueReport(t.state, summary, trigger, { now: () => start + (i % 5) * hour + i }));
    }
    assert.equal(new Spool(t.state).count(), 200);
    const down = await flush(t.state, { successes: 'all', timeoutMs: 2_000 });
    assert.equal(down.ok, false);
    assert.equal(down.stopped, 'E_DASHBOARD_UNREACHABLE');
    assert.equal(down.sent, 0);
    assert.equal(dashboardStats(t.db).wipes, 0);
    assert.equal(dashboardLink(t.state), 'disconnected', 'what the tray and the staff window show');

    await t.restart();
    t.proxy.loseNextAnswer = true; // stored by the dashboard, but the agent never hears
    const lost = await flush(t.state, { successes: 'all', timeoutMs: 5_000 });
    assert.equal(lost.stopped, 'E_DASHBOARD_UNREACHABLE');
    const partlyStored = dashboardStats(t.db).wipes;
    assert.ok(partlyStored > 0, 'a batch was stored without an answer');

    const done = await flush(t.state, { successes: 'all', timeoutMs: 5_000 });
    assert.equal(done.ok, true);
    assert.equal(done.queued, 0);
    assert.equal(dashboardLink(t.state), 'connected');
    assert.ok(done.duplicates > 0, 'the lost batch was resent with the same keys');
    const stats = dashboardStats(t.db);
    assert.equal(stats.wipes, 200);
    assert.equal(stats.failures, 10);

    const again = await flush(t.state, { successes: 'all' });
    assert.equal(again.sent, 0);
    assert.equal(dashboardStats(t.db).wipes, 200);
  } finally {
    await t.close();
  }
});

test('a failure is sent at once while successes wait; a poison report is dropped, not blocking', async () => {
  const t = await setup();
  try {
    const first = await queueAndFlush(t.state, t.summary, 'logout');
    assert.equal(first.queued, true);
    assert.equal(first.flush?.sent, 0);
    assert.equal(first.flush?.queued, 1, 'the success waits');
    const failed: WipeSummary = { ...t.summary, outcome: 'partial', failures: [{ category: 'history', code: 'E_BUSY', count: 2 }] };
    const second = await queueAndFlush(t.state, failed, 'idle');
    assert.equal(second.flush?.sent, 1, 'the failure went at once');
    assert.equal(second.flush?.queued, 1, 'the success still waits');
    const body = JSON.parse(t.proxy.bodies.at(-1) as string) as { reports: { outcome: string; failures: unknown[] }[] };
    assert.equal(body.reports.length, 1);
    assert.equal(body.reports[0]?.outcome, 'partial');
    assert.deepEqual(body.reports[0]?.failures, [{ category: 'history', code: 'E_BUSY', count: 2 }]);
    let stats = dashboardStats(t.db);
    assert.equal(stats.wipes, 1);
    assert.equal(stats.failures, 2, 'failure counts are summed');

    // A report the schema accepts but the dashboard refuses (an hour far in the future): 422, dropped alone.
    const future = Date.now() + 48 * 3_600_000;
    queueReport(t.state, t.summary, 'manual', { now: () => future });
    queueReport(t.state, t.summary, 'boot');
    const flushed = await flush(t.state, { successes: 'all' });
    assert.equal(flushed.dropped, 1);
    assert.equal(flushed.queued, 0);
    stats = dashboardStats(t.db);
    assert.equal(stats.wipes, 3, 'the two good successes arrived');
  } finally {
    await t.close();
  }
});
