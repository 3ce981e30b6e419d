/**
 * The app's requests the agent now serves, end to end: the app's real AppService and AgentClient
 * on the real patron socket of the real agent (in process), on a real temp home.
 *   preview        a dry run: its counts are what the following wipe removes; it removes nothing
 *   sessionEnding  the app's logout hint, without a staff token: wipes a patron account, nothing else
 */
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentClient } from '../../../main/app/agent-client.js';
import { AppService } from '../../../main/app/app-service.js';
import { DEFAULT_NOTICE } from '../../../main/app/notice-config.js';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { checkSurvivors } from '../../support/patron-home.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';
import { snapshotTree } from '../../support/tree.js';
import { ownAccountToken } from '../../support/ipc-accounts.js';

const PIN = '97531';
const CONFIG = { accounts: ['patron', 'librarian'], closeBrowsers: false, staffPinHash: hashPin(PIN) };

function appFor(a: TestAgent, account: string) {
  const client = new AgentClient({ path: ipcAddresses(a.stateDir).patron, reconnectMs: 60_000, accountToken: ownAccountToken(a.stateDir) });
  client.start();
  return { client, service: new AppService({ agent: client, account, notice: () => DEFAULT_NOTICE }) };
}

/** The per-category counts of the wipe engine's `wipe.done` log events (counts only), by dryRun. */
function loggedCategories(a: TestAgent, dryRun: boolean): unknown[] {
  return a.log.lines
    .map((l) => JSON.parse(l) as { event: string; dryRun?: boolean; categories?: unknown })
    .filter((l) => l.event === 'wipe.done' && l.dryRun === dryRun)
    .map((l) => l.categories);
}

test('preview: counts only, nothing removed; the following wipe removes exactly what it counted', { timeout: 60_000 }, async () => {
  const a = await startTestAgent(CONFIG);
  const { client, service } = appFor(a, 'patron');
  try {
    await a.handle.recovered;
    const marker = plantSession(a.patron);
    const dirs = [a.patron.home, a.patron.temp, a.patron.outside];
    const before = snapshotTree(dirs);

    assert.deepEqual(await service.preview(), { ok: false, code: 'E_FORBIDDEN', help: ERROR_HELP.E_FORBIDDEN }, 'staff only');
    assert.deepEqual(await service.unlock(PIN), { ok: true, expiresInSec: 300 });
    const preview = await service.preview();
    assert.ok(preview.ok, JSON.stringify(preview));
    assert.equal(preview.summary.dryRun, true);
    assert.deepEqual(snapshotTree(dirs), before, 'the preview changed nothing');
    const counted = Object.values(preview.summary.categories).reduce((n, c) => ({ items: n.items + c.items, bytes: n.bytes + c.bytes }), {
      items: 0,
      bytes: 0,
    });
    assert.ok(counted.items >= 10, `${counted.items} items previewed`);
    for (const category of ['history', 'cookies', 'downloads', 'temp'] as const)
      assert.ok(preview.summary.categories[category]?.items, category);
    const text = JSON.stringify(preview);
    assert.ok(!text.includes(marker) && !text.includes(a.patron.home), 'counts only');

    const wiped = await service.wipeNow();
    assert.ok(wiped.ok, JSON.stringify(wiped));
    assert.equal(wiped.result.outcome, 'clean');
    assert.deepEqual({ items: wiped.result.items, bytes: wiped.result.bytes }, counted, 'the wipe removed what the preview counted');
    assert.deepEqual(loggedCategories(a, false), [preview.summary.categories], 'the same per category');
    assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), []);
    assert.deepEqual(checkSurvivors(a.patron), []);

    // Whom: a configured patron only; all of them by default, a refused one as a failure (preview-accounts.test.ts).
    const { token } = ((await client.request({ type: 'staffUnlock', pin: PIN })) as { ok: true; result: { token: string } }).result;
    assert.deepEqual(await client.request({ type: 'preview', account: 'stranger', token }), { ok: false, code: 'E_NOT_PATRON' });
    const all = await client.request({ type: 'preview', token });
    assert.ok(all.ok && all.result.summary.failures.some((f) => f.code === 'E_ACCOUNT_REFUSED'), JSON.stringify(all));
    const after = await client.request({ type: 'preview', account: 'patron', token });
    assert.ok(after.ok && Object.keys(after.result.summary.categories).length === 0, 'nothing left to preview');
    assert.ok(!a.log.lines.join('\n').includes(a.patron.home) && !a.log.lines.join('\n').includes(marker));
  } finally {
    client.close();
    await a.stop();
    a.patron.cleanup();
  }
});

test(
  "the app's session-end hint (no staff token) wipes its patron account with trigger logout; a non-patron's does nothing",
  { timeout: 60_000 },
  async () => {
    const a = await startTestAgent(CONFIG);
    const patron = appFor(a, 'patron');
    const stranger = appFor(a, 'stranger');
    try {
      await a.handle.recovered;
      const marker = plantSession(a.patron);
      assert.equal(await patron.service.sessionStarted(), true);
      assert.equal(await stranger.service.sessionEnding(), false, 'E_NOT_PATRON');
      await a.handle.agent.idle();
      assert.ok(findMarker([a.patron.home, a.patron.temp], marker).length >= 10, 'nothing wiped for a non-patron');
      assert.deepEqual(a.handle.agent.status().journal, { dirty: 1, clean: 0 });

      const done = new Promise<WipeResult>((resolve) => a.handle.agent.onWipeDone(resolve));
      assert.equal(await patron.service.sessionEnding(), true);
      const result = await done;
      assert.equal(result.trigger, 'logout');
      assert.equal(result.outcome, 'clean');
      assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), []);
      assert.deepEqual(checkSurvivors(a.patron), []);
      assert.deepEqual(a.handle.agent.status().journal, { dirty: 0, clean: 1 });
    } finally {
      patron.client.close();
      stranger.client.close();
      await a.stop();
      a.patron.cleanup();
    }
  },
);
