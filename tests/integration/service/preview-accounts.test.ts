/**
 * `preview` of every configured patron account when some are refused: the real agent (in process)
 * on its real patron socket, a real temp home for the good account. The good account's counts are
 * the answer, each refused account is a failure in category 'sessions', nothing is touched, and no
 * account name reaches the answer or the log. An explicit refused account is still an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentClient } from '../../../main/app/agent-client.js';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';
import { snapshotTree } from '../../support/tree.js';
import { ownAccountToken } from '../../support/ipc-accounts.js';

const PIN = '86420';
const HASH = hashPin(PIN);

async function staffClient(a: TestAgent) {
  const client = new AgentClient({ path: ipcAddresses(a.stateDir).patron, reconnectMs: 60_000, accountToken: ownAccountToken(a.stateDir) });
  client.start();
  const unlocked = await client.request({ type: 'staffUnlock', pin: PIN });
  assert.ok(unlocked.ok, JSON.stringify(unlocked));
  const { token } = unlocked.result as { token: string };
  const preview = async (account?: string) => client.request({ type: 'preview', token, ...(account === undefined ? {} : { account }) });
  return { client, preview };
}

test('preview of all accounts: the good one is counted, refused ones are failures, nothing is touched', { timeout: 60_000 }, async () => {
  const a = await startTestAgent({ accounts: ['patron', 'librarian', 'ghost'], closeBrowsers: false, staffPinHash: HASH });
  const { client, preview } = await staffClient(a);
  try {
    await a.handle.recovered;
    const marker = plantSession(a.patron);
    const dirs = [a.patron.home, a.patron.temp, a.patron.outside];
    const before = snapshotTree(dirs, { times: true });

    const alone = await preview('patron');
    assert.ok(alone.ok, JSON.stringify(alone));
    const good = (alone.result as { summary: WipeSummary }).summary;
    assert.ok((good.categories.history?.items ?? 0) > 0, 'the good account has something to preview');
    assert.deepEqual(good.failures, []);

    const all = await preview();
    assert.ok(all.ok, `one refused account no longer sinks the preview: ${JSON.stringify(all)}`);
    const summary = (all.result as { summary: WipeSummary }).summary;
    assert.equal(summary.dryRun, true);
    assert.deepEqual(summary.categories, good.categories, "the counts are the good account's");
    assert.deepEqual(summary.failures, [
      { category: 'sessions', code: 'E_ACCOUNT_REFUSED', count: 1 },
      { category: 'sessions', code: 'E_ACCOUNT_UNKNOWN', count: 1 },
    ]);
    assert.equal(summary.outcome, 'partial');
    assert.equal(summary.remaining, 0);

    assert.deepEqual(snapshotTree(dirs, { times: true }), before, 'the previews changed nothing');
    assert.deepEqual(a.handle.agent.status().last, [], 'no wipe ran');
    const text = JSON.stringify(all) + a.log.lines.join('\n');
    // (the PIN only as a string: as digits it may turn up inside a byte count or a duration)
    for (const secret of [marker, a.patron.home, 'librarian', 'ghost', `"${PIN}"`])
      assert.ok(!text.includes(secret), 'counts and codes only');
    assert.ok(
      a.log.lines.some((l) => l.includes('preview.account-refused')),
      'the refusal is logged as a fixed event',
    );

    // An explicit account is still answered by its own refusal.
    assert.deepEqual(await preview('librarian'), { ok: false, code: 'E_ACCOUNT_REFUSED' });
    assert.deepEqual(await preview('ghost'), { ok: false, code: 'E_ACCOUNT_UNKNOWN' });
    assert.deepEqual(await preview('stranger'), { ok: false, code: 'E_NOT_PATRON' });
  } finally {
    client.close();
    await a.stop();
    a.patron.cleanup();
  }
});

test('preview of all accounts when every one is refused: the refusal, not an empty summary', { timeout: 60_000 }, async () => {
  const a = await startTestAgent({ accounts: ['librarian', 'ghost'], closeBrowsers: false, staffPinHash: HASH });
  const { client, preview } = await staffClient(a);
  try {
    await a.handle.recovered;
    assert.deepEqual(await preview(), { ok: false, code: 'E_ACCOUNT_REFUSED' });
  } finally {
    client.close();
    await a.stop();
    a.patron.cleanup();
  }
});
