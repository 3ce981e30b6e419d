/**
 * Revoked PCs on the site page and in its CSV, on SQLite and PostgreSQL: listed apart (id, revoked
 * at, last seen) for an admin and the branch's own staff, with a `revoked_at` CSV column; branch
 * staff of another site are refused (403) both.
 */
import assert from 'node:assert/strict';
import type { Store } from '../../../dashboard/server/store/store.js';
import { addUser, enroll, login, postReports, testApp } from '../../support/dashboard/app.js';
import { hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { testOnBothStores } from '../../support/dashboard/both-stores.js';
import { removeTree } from '../../support/tree.js';

const NOW = Date.UTC(2025, 5, 15, 12, 30);

interface Site {
  devices: { id: string }[];
  revoked: { id: string; revokedAt: number; lastSeenAt: number | null }[];
}

async function scenario(store: Store): Promise<void> {
  let now = NOW;
  const t = await testApp({ now: () => now }, store);
  try {
    await addUser(t.store, 'ada', 'admin');
    await addUser(t.store, 'nora', 'staff', ['north']);
    await addUser(t.store, 'sam', 'staff', ['south']);
    const [ada, nora, sam] = [await login(t, 'ada'), await login(t, 'nora'), await login(t, 'sam')];
    const gone = await enroll(t, 'north');
    const kept = await enroll(t, 'north');
    await enroll(t, 'south');
    assert.equal((await postReports(t, gone, JSON.stringify(makeBatch(gone, [makeReport({ hour: hourOf(NOW) })])))).statusCode, 200);
    now = NOW + 3_600_000;
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/devices/${gone.id}/revoke`, headers: nora.headers })).statusCode, 200);

    const site = (id: string, headers: Record<string, string>) => t.app.inject({ url: `/api/v1/sites/${id}`, headers });
    const csv = (id: string, headers: Record<string, string>) => t.app.inject({ url: `/api/v1/sites/${id}/devices.csv`, headers });
    for (const who of [ada, nora]) {
      const res = await site('north', who.headers);
      assert.equal(res.statusCode, 200);
      const body = res.json() as Site;
      assert.deepEqual(
        body.devices.map((d) => d.id),
        [kept.id],
      );
      assert.deepEqual(
        body.revoked.map((d) => [d.id, d.revokedAt, d.lastSeenAt]),
        [[gone.id, NOW + 3_600_000, NOW]],
      );
      const lines = (await csv('north', who.headers)).body.trim().split('\r\n');
      assert.match(lines[0]!, /,wipes_7d,failures_7d,revoked_at$/);
      assert.equal(lines.length, 3);
      assert.match(
        lines.find((l) => l.includes(kept.id))!,
        /,""$/,
        'a PC in use has no revoked_at',
      );
      assert.match(
        lines.find((l) => l.includes(gone.id))!,
        new RegExp(`^"north","","${gone.id}",.*,"${new Date(NOW + 3_600_000).toISOString()}"$`),
      );
    }

    assert.equal((await site('north', sam.headers)).statusCode, 403, 'staff of another branch: not the list');
    assert.equal((await csv('north', sam.headers)).statusCode, 403, 'nor the CSV');
    assert.doesNotMatch((await csv('north', sam.headers)).body, new RegExp(gone.id));
    assert.deepEqual(((await site('south', sam.headers)).json() as Site).revoked, [], 'their own site has none');
  } finally {
    await t.app.close();
    removeTree(t.dir);
  }
}

testOnBothStores('revoked PCs on the site page and CSV', scenario);
