/**
 * The one store test suite, run against SQLite (store-sqlite.test.ts) and PostgreSQL
 * (store-postgres.test.ts): enrollment, exactly-once ingestion (sequential and concurrent),
 * hourly rows and daily rollups, device state, scopes, accounts, sessions, retention.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceRecord, Store } from '../../../../dashboard/server/store/store.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../../support/dashboard/batches.js';

export type FreshStore = () => Promise<{ store: Store; done: () => Promise<void> }>;

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15, 12, 30);
const W = { now: NOW, silentAfterMs: 72 * 3_600_000, days: 30 };
let seq = 0;

async function device(store: Store, siteId = 'central', uses = 1): Promise<DeviceRecord> {
  const hash = `tok${++seq}`.padEnd(64, '0');
  await store.createEnrollToken({ hash, siteId, uses, expiresAt: NOW + DAY }, NOW);
  const id = `dev_${(seq.toString(16) + Math.random().toString(16).slice(2)).padEnd(32, '0').slice(0, 32)}`;
  const d = await store.enrollDevice(
    { tokenHash: hash, deviceId: id, credentialHash: `cred-${id}`, agentVersion: '0.1.0', platform: 'linux' },
    NOW,
  );
  assert.ok(d);
  return d;
}

export function storeSuite(label: string, fresh: FreshStore): void {
  const it = (name: string, fn: (store: Store) => Promise<void>) =>
    test(`${label}: ${name}`, async () => {
      const { store, done } = await fresh();
      try {
        await store.migrate();
        await fn(store);
      } finally {
        await done();
      }
    });

  it('migrations are numbered and idempotent', async (store) => {
    assert.equal(await store.migrate(), 3);
    await store.ping();
  });

  it('an enrollment token is used once, and never after expiry', async (store) => {
    await store.createEnrollToken({ hash: 'h1', siteId: 'north', uses: 1, expiresAt: NOW + DAY }, NOW);
    const dev = { tokenHash: 'h1', credentialHash: 'c1', agentVersion: '0.1.0', platform: 'win32' as const };
    assert.deepEqual(await store.enrollDevice({ ...dev, deviceId: `dev_${'1'.repeat(32)}` }, NOW), {
      id: `dev_${'1'.repeat(32)}`,
      siteId: 'north',
    });
    assert.equal(await store.enrollDevice({ ...dev, deviceId: `dev_${'2'.repeat(32)}`, credentialHash: 'c2' }, NOW), null);
    await store.createEnrollToken({ hash: 'h2', siteId: 'north', uses: 5, expiresAt: NOW + 10 }, NOW);
    assert.equal(
      await store.enrollDevice({ ...dev, tokenHash: 'h2', deviceId: `dev_${'3'.repeat(32)}`, credentialHash: 'c3' }, NOW + 10),
      null,
    );
    assert.deepEqual(await store.deviceByCredential('c1'), { id: `dev_${'1'.repeat(32)}`, siteId: 'north' });
    assert.equal(await store.deviceByCredential('c2'), null);
    assert.equal((await store.stats()).devices, 1);
  });

  it('active tokens are listed by id (never the token); a revoked one enrolls nothing more', async (store) => {
    const hash = (c: string) => c.repeat(64);
    await store.createEnrollToken({ hash: hash('a'), siteId: 'north', uses: 3, expiresAt: NOW + DAY }, NOW);
    await store.createEnrollToken({ hash: hash('b'), siteId: 'east', uses: 1, expiresAt: NOW + DAY }, NOW + 1);
    await store.createEnrollToken({ hash: hash('c'), siteId: 'east', uses: 1, expiresAt: NOW + 10 }, NOW + 2);
    assert.deepEqual(
      await store.activeEnrollTokens(NOW + 10),
      [
        { id: 'b'.repeat(12), siteId: 'east', usesLeft: 1, expiresAt: NOW + DAY },
        { id: 'a'.repeat(12), siteId: 'north', usesLeft: 3, expiresAt: NOW + DAY },
      ],
      'newest first; the expired one is gone',
    );
    assert.equal(await store.revokeEnrollToken('a'.repeat(12), NOW, 'east'), 0, 'not a token of that site');
    assert.equal(await store.revokeEnrollToken('a'.repeat(12), NOW, 'north'), 1);
    assert.equal(await store.revokeEnrollToken('a'.repeat(12), NOW), 0, 'already revoked');
    assert.equal(await store.revokeEnrollToken('c'.repeat(12), NOW + 10), 0, 'expired: nothing to revoke');
    const dev = {
      tokenHash: hash('a'),
      deviceId: `dev_${'4'.repeat(32)}`,
      credentialHash: 'c4',
      agentVersion: '0.1.0',
      platform: 'linux' as const,
    };
    assert.equal(await store.enrollDevice(dev, NOW), null, 'a revoked token enrolls nothing');
    assert.deepEqual(
      (await store.activeEnrollTokens(NOW)).map((t) => t.id),
      ['c'.repeat(12), 'b'.repeat(12)],
    );
  });

  it('concurrent enrollments cannot overuse a token', async (store) => {
    await store.createEnrollToken({ hash: 'race', siteId: 'central', uses: 3, expiresAt: NOW + DAY }, NOW);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.enrollDevice(
          {
            tokenHash: 'race',
            deviceId: `dev_${i.toString(16).padStart(32, '0')}`,
            credentialHash: `race${i}`,
            agentVersion: '0.1.0',
            platform: 'linux',
          },
          NOW,
        ),
      ),
    );
    assert.equal(results.filter(Boolean).length, 3);
  });

  it('the same batch stored twice is counted once', async (store) => {
    const d = await device(store);
    const batch = makeBatch(d, [
      makeReport({ hour: hourOf(NOW), wipes: 3, safeMs: { le250: 3 }, doneMs: { le1000: 3 } }),
      failedReport({ hour: hourOf(NOW) }),
    ]);
    assert.deepEqual(await store.ingest(d, batch, NOW), { accepted: 2, duplicates: 0 });
    assert.deepEqual(await store.ingest(d, batch, NOW + 1000), { accepted: 0, duplicates: 2 });
    const extra = makeReport({ hour: hourOf(NOW) });
    assert.deepEqual(await store.ingest(d, makeBatch(d, [batch.reports[0]!, extra]), NOW), { accepted: 1, duplicates: 1 });
    assert.deepEqual(await store.stats(), { sites: 1, devices: 1, wipes: 5, failedWipes: 1, failures: 2 });
  });

  it('concurrent retries of one batch are stored exactly once', async (store) => {
    const d = await device(store);
    const batch = makeBatch(
      d,
      Array.from({ length: 20 }, () => makeReport({ hour: hourOf(NOW - DAY) })),
    );
    const results = await Promise.all(Array.from({ length: 8 }, () => store.ingest(d, batch, NOW)));
    assert.equal(
      results.reduce((n, r) => n + (r?.accepted ?? 0), 0),
      20,
    );
    assert.equal(
      results.reduce((n, r) => n + (r?.duplicates ?? 0), 0),
      140,
    );
    assert.equal((await store.stats()).wipes, 20);
  });

  it('concurrent devices of one site add up (no lost update, no deadlock)', async (store) => {
    const devices = await Promise.all(Array.from({ length: 6 }, () => device(store, 'busy')));
    const hours = [hourOf(NOW), hourOf(NOW - 3_600_000), hourOf(NOW - DAY)];
    await Promise.all(
      devices.flatMap((d) =>
        Array.from({ length: 5 }, (_, i) =>
          store.ingest(
            d,
            makeBatch(
              d,
              (i % 2 ? hours : [...hours].reverse()).map((hour) =>
                makeReport({ hour, wipes: 2, safeMs: { le250: 2 }, doneMs: { le1000: 2 } }),
              ),
            ),
            NOW,
          ),
        ),
      ),
    );
    const stats = await store.stats();
    assert.equal(stats.wipes, 6 * 5 * 3 * 2);
    const site = await store.siteDetail('busy', W);
    assert.ok(site);
    assert.deepEqual(
      site.categories.find((c) => c.category === 'history'),
      { category: 'history', items: 6 * 5 * 3 * 4, bytes: 6 * 5 * 3 * 2000 },
    );
    assert.equal(site.safeMs.le250, 180);
  });

  it('overview and site detail come from the rollups', async (store) => {
    const a = await device(store, 'north');
    const b = await device(store, 'north');
    const c = await device(store, 'south');
    await store.ingest(
      a,
      makeBatch(a, [makeReport({ hour: hourOf(NOW), wipes: 4, safeMs: { le100: 1, le250: 3 }, doneMs: { le1000: 4 } })]),
      NOW,
    );
    await store.ingest(b, makeBatch(b, [failedReport({ hour: hourOf(NOW - 2 * DAY), trigger: 'idle' })]), NOW - 5 * DAY);
    await store.ingest(c, makeBatch(c, [makeReport({ hour: hourOf(NOW - 40 * DAY) })]), NOW);
    const all = await store.overview(null, W);
    assert.deepEqual(
      all.sites.map((s) => s.id),
      ['north', 'south'],
    );
    const north = all.sites[0]!;
    assert.equal(north.devices, 2);
    assert.equal(north.silent, 1, 'b last reported 5 days ago');
    assert.equal(north.failing, 1);
    assert.equal(north.lastSeenAt, NOW);
    assert.equal(north.wipes7d, 5);
    assert.equal(north.failedWipes7d, 1);
    assert.equal(north.failures7d, 2);
    assert.equal(all.sites[1]!.wipes7d, 0, 'south reported 40 days ago');
    assert.deepEqual(
      all.daily.map((d) => [d.day, d.wipes, d.failedWipes]),
      [
        [hourOf(NOW - 2 * DAY).slice(0, 10), 1, 1],
        [hourOf(NOW).slice(0, 10), 4, 0],
      ],
    );
    assert.deepEqual(
      all.siteDaily.map((d) => [d.site, d.day, d.wipes, d.failedWipes]),
      [
        ['north', hourOf(NOW - 2 * DAY).slice(0, 10), 1, 1],
        ['north', hourOf(NOW).slice(0, 10), 4, 0],
      ],
      'south is outside the 30 days',
    );
    assert.equal((await store.overview(null, { ...W, days: 60 })).siteDaily.filter((d) => d.site === 'south').length, 1);
    const scoped = await store.overview(['south'], W);
    assert.deepEqual(
      scoped.sites.map((s) => s.id),
      ['south'],
    );
    assert.deepEqual((await store.overview([], W)).sites, []);
    const detail = await store.siteDetail('north', W);
    assert.ok(detail);
    assert.equal(detail.devices.length, 2);
    const failing = detail.devices.find((d) => d.id === b.id)!;
    assert.equal(failing.failing, true);
    assert.equal(failing.silent, true);
    assert.equal(failing.lastOutcome, 'failed');
    assert.equal(failing.failures7d, 2);
    assert.deepEqual(detail.failures, [{ category: 'cache', code: 'E_BUSY', failures: 2 }]);
    assert.deepEqual(detail.safeMs, { le100: 1, le250: 4 });
    assert.equal(await store.siteDetail('nowhere', W), null);
  });

  it('last outcome: a newer hour wins, the same hour keeps the worst', async (store) => {
    const d = await device(store);
    const outcome = async () => (await store.siteDetail('central', W))!.devices[0]!.lastOutcome;
    await store.ingest(d, makeBatch(d, [failedReport({ hour: hourOf(NOW - 3_600_000) })]), NOW);
    assert.equal(await outcome(), 'failed');
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW - 2 * 3_600_000) })]), NOW);
    assert.equal(await outcome(), 'failed', 'an older report does not hide a failure');
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), NOW);
    assert.equal(await outcome(), 'clean');
    await store.ingest(
      d,
      makeBatch(d, [makeReport({ hour: hourOf(NOW), outcome: 'partial', failures: [{ category: 'temp', code: 'E_PERM', count: 1 }] })]),
      NOW,
    );
    assert.equal(await outcome(), 'partial');
  });

  it("PC names: the agent's label, a staff rename that wins and can be cleared; site names", async (store) => {
    await store.createEnrollToken({ hash: 'lbl', siteId: 'north', uses: 1, expiresAt: NOW + DAY }, NOW);
    const id = `dev_${'a'.repeat(32)}`;
    const d = await store.enrollDevice(
      { tokenHash: 'lbl', deviceId: id, credentialHash: 'c-lbl', agentVersion: '0.1.0', platform: 'linux', pcLabel: 'front-1' },
      NOW,
    );
    assert.ok(d);
    const pc = async () => (await store.siteDetail('north', W))!.devices[0]!;
    assert.deepEqual([(await pc()).label, (await pc()).pcLabel, (await pc()).staffLabel], ['front-1', 'front-1', null]);
    await store.ingest(d, { ...makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), pcLabel: 'front-2' }, NOW);
    assert.equal((await pc()).label, 'front-2', 'a batch carries the current label');
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), NOW);
    assert.equal((await pc()).label, 'front-2', 'a batch without a label keeps it');
    assert.equal(await store.renameDevice(id, 'Kids-corner-3'), true);
    await store.ingest(d, { ...makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), pcLabel: 'front-9' }, NOW);
    assert.deepEqual([(await pc()).label, (await pc()).pcLabel], ['Kids-corner-3', 'front-9'], 'the staff name wins');
    assert.equal(await store.renameDevice(id, null), true);
    assert.equal((await pc()).label, 'front-9');
    assert.equal(await store.renameDevice(`dev_${'b'.repeat(32)}`, 'x'), false);
    assert.equal((await store.overview(null, W)).sites[0]!.name, null);
    assert.equal(await store.nameSite('north', 'North Branch Library'), true);
    assert.equal((await store.overview(null, W)).sites[0]!.name, 'North Branch Library');
    assert.equal((await store.siteDetail('north', W))!.name, 'North Branch Library');
    assert.equal(await store.nameSite('nowhere', 'x'), false);
  });

  it('a failing PC keeps its main error code and its run of failing reports until a clean one', async (store) => {
    const d = await device(store);
    const pc = async () => (await store.siteDetail('central', W))!.devices[0]!;
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW - 3 * 3_600_000) })]), NOW);
    assert.deepEqual([(await pc()).lastCode, (await pc()).failStreak], [null, 0]);
    await store.ingest(
      d,
      makeBatch(d, [
        failedReport({
          hour: hourOf(NOW - 2 * 3_600_000),
          failures: [
            { category: 'temp', code: 'E_PERM', count: 1 },
            { category: 'cache', code: 'E_BUSY', count: 4 },
          ],
        }),
      ]),
      NOW,
    );
    assert.deepEqual(
      [(await pc()).lastCategory, (await pc()).lastCode, (await pc()).failStreak],
      ['cache', 'E_BUSY', 1],
      'the failure with most items',
    );
    await store.ingest(
      d,
      makeBatch(d, [
        makeReport({
          hour: hourOf(NOW - 1 * 3_600_000),
          outcome: 'partial',
          failures: [{ category: 'temp', code: 'E_REMAINING', count: 1 }],
        }),
        failedReport({ hour: hourOf(NOW - 1 * 3_600_000), trigger: 'idle' }),
      ]),
      NOW,
    );
    assert.equal((await pc()).failStreak, 3);
    assert.equal((await pc()).lastOutcome, 'failed');
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), NOW);
    assert.deepEqual([(await pc()).lastOutcome, (await pc()).lastCode, (await pc()).failStreak], ['clean', null, 0], 'recovered');
    assert.equal((await pc()).noBaseline, false);
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW), noBaseline: 1 })]), NOW);
    assert.equal((await pc()).noBaseline, true, 'the newest wipes ran without a baseline');
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW + 3_600_000) })]), NOW);
    assert.equal((await pc()).noBaseline, false, 'a newer hour with a baseline clears it');
  });

  it('accounts are listed without hashes; removing one ends its sessions at once', async (store) => {
    await store.addUser({ name: 'sam', role: 'staff', passwordHash: 'x', sites: ['north'] }, NOW);
    await store.addUser({ name: 'ada', role: 'admin', passwordHash: 'y', sites: [] }, NOW);
    assert.deepEqual(await store.listUsers(), [
      { name: 'ada', role: 'admin', sites: [] },
      { name: 'sam', role: 'staff', sites: ['north'] },
    ]);
    await store.createSession('s-sam', 'sam', NOW + DAY, NOW);
    assert.equal(await store.removeUser('sam'), true);
    assert.equal(await store.sessionUser('s-sam', NOW), null, 'signed out at once');
    assert.equal(await store.userByName('sam'), null);
    assert.equal(await store.removeUser('sam'), false);
    assert.deepEqual(await store.listUsers(), [{ name: 'ada', role: 'admin', sites: [] }]);
    assert.ok(await store.siteExists('north'), 'the site and its data stay');
  });

  it('users, sites and sessions', async (store) => {
    await store.addUser({ name: 'sam', role: 'staff', passwordHash: 'x', sites: ['north', 'east'] }, NOW);
    assert.deepEqual(await store.userByName('sam'), { name: 'sam', role: 'staff', passwordHash: 'x', sites: ['east', 'north'] });
    assert.ok(await store.siteExists('east'));
    await store.createSession('s1', 'sam', NOW + 1000, NOW);
    assert.equal((await store.sessionUser('s1', NOW))?.name, 'sam');
    assert.equal(await store.sessionUser('s1', NOW + 1000), null, 'expired');
    await store.createSession('s2', 'sam', NOW + 1000, NOW);
    await store.addUser({ name: 'sam', role: 'admin', passwordHash: 'y', sites: [] }, NOW);
    assert.equal(await store.sessionUser('s2', NOW), null, 'a changed account ends its sessions');
    assert.deepEqual((await store.userByName('sam'))?.sites, []);
    await store.createSession('s3', 'sam', NOW + 1000, NOW);
    await store.deleteSession('s3');
    assert.equal(await store.sessionUser('s3', NOW), null);
    assert.equal(await store.userByName('nobody'), null);
  });

  it('a secret is created once and shared', async (store) => {
    const first = await store.secret('k', () => 'one');
    assert.equal(first, 'one');
    assert.equal(await store.secret('k', () => 'two'), 'one');
  });

  it('purge drops hourly rows past retention and keeps the daily rollups', async (store) => {
    const d = await device(store);
    const old = makeReport({ hour: hourOf(NOW - 500 * DAY), failures: [], categories: { temp: { items: 1, bytes: 1 } } });
    await store.ingest(d, makeBatch(d, [old]), NOW - 500 * DAY);
    await store.ingest(d, makeBatch(d, [makeReport({ hour: hourOf(NOW) })]), NOW);
    const before = await store.stats();
    const purged = await store.purge(400, NOW);
    // Old report: 1 wipes row + 1 items row + 2 duration rows.
    assert.equal(purged.hourlyRows, 4);
    assert.equal(purged.reportKeys, 1);
    assert.equal(purged.tokens, 1, 'the used-up token');
    assert.deepEqual(await store.stats(), before);
    assert.equal((await store.purge(400, NOW)).hourlyRows, 0);
  });

  it('a revoked device is refused, stores nothing and leaves the counts', async (store) => {
    const a = await device(store, 'north');
    const b = await device(store, 'north');
    assert.deepEqual(await store.ingest(a, makeBatch(a, [makeReport({ hour: hourOf(NOW) })]), NOW), { accepted: 1, duplicates: 0 });
    assert.equal(await store.revokeDevice(a.id, NOW), true);
    assert.equal(await store.revokeDevice(a.id, NOW + 1), false, 'already revoked');
    assert.equal(await store.revokeDevice(`dev_${'f'.repeat(32)}`, NOW), false, 'unknown');
    assert.deepEqual(await store.deviceById(a.id), { id: a.id, siteId: 'north', revokedAt: NOW });
    assert.equal(await store.deviceByCredential(`cred-${a.id}`), null);
    assert.deepEqual(await store.deviceByCredential(`cred-${b.id}`), b);
    // Authenticated before the revocation, stored after it: refused in the same flush as b's batch.
    const [late, ok] = await Promise.all([
      store.ingest(a, makeBatch(a, [failedReport({ hour: hourOf(NOW) })]), NOW),
      store.ingest(b, makeBatch(b, [makeReport({ hour: hourOf(NOW), wipes: 2, safeMs: { le250: 2 }, doneMs: { le1000: 2 } })]), NOW),
    ]);
    assert.equal(late, null);
    assert.deepEqual(ok, { accepted: 1, duplicates: 0 });
    assert.deepEqual(await store.stats(), { sites: 1, devices: 1, wipes: 3, failedWipes: 0, failures: 0 });
    const north = (await store.overview(null, W)).sites[0]!;
    assert.equal(north.devices, 1);
    assert.equal(north.failing, 0);
    const north2 = (await store.siteDetail('north', W))!;
    assert.deepEqual(
      north2.devices.map((d) => d.id),
      [b.id],
    );
    assert.deepEqual(
      north2.revoked.map((d) => [d.id, d.revokedAt, d.lastSeenAt, d.wipes7d]),
      [[a.id, NOW, NOW, 1]],
      'listed apart, with its history',
    );
  });

  it('per-site points: days up to 92 days, ISO weeks (by Monday, summed in SQL) beyond', async (store) => {
    const north = await device(store, 'north');
    const south = await device(store, 'south');
    // 400 days of north (wipes 1..5, every third day one failed), every other day of south.
    const reports = (step: number) =>
      Array.from({ length: Math.ceil(400 / step) }, (_, i) => i * step).map((k) =>
        k % 3 === 0
          ? failedReport({ hour: hourOf(NOW - k * DAY), wipes: 1 + (k % 5) })
          : makeReport({ hour: hourOf(NOW - k * DAY), wipes: 1 + (k % 5) }),
      );
    for (const [d, step] of [
      [north, 1],
      [south, 2],
    ] as const) {
      const all = reports(step);
      for (let i = 0; i < all.length; i += 100) await store.ingest(d, makeBatch(d, all.slice(i, i + 100)), NOW);
    }
    const monday = (day: string) => new Date(Date.parse(day) - ((new Date(day).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
    const short = await store.overview(null, { ...W, days: 92 });
    assert.equal(short.siteBucket, 'day');
    assert.equal(short.siteDaily.filter((r) => r.site === 'north').length, 92);
    for (const days of [93, 365, 400]) {
      const o = await store.overview(null, { ...W, days });
      assert.equal(o.siteBucket, 'week', `${days} days`);
      assert.equal(o.daily.length, days, 'the fleet chart stays per day');
      for (const site of ['north', 'south']) {
        const weeks = o.siteDaily.filter((r) => r.site === site);
        if (days === 365) assert.ok(weeks.length <= 53, `${site}: ${weeks.length} points for 365 days`);
        assert.ok(
          weeks.every((r) => monday(r.day) === r.day),
          'labelled by Monday',
        );
        // The same sums as the site's daily rows of the same range, grouped by week here.
        const expected = new Map<string, [number, number]>();
        for (const r of (await store.siteDetail(site, { ...W, days }))!.daily) {
          const [w, f] = expected.get(monday(r.day)) ?? [0, 0];
          expected.set(monday(r.day), [w + r.wipes, f + r.failedWipes]);
        }
        assert.deepEqual(
          weeks.map((r) => [r.day, r.wipes, r.failedWipes]),
          [...expected].map(([day, [w, f]]) => [day, w, f]),
          `${site}, ${days} days`,
        );
      }
    }
    const year = await store.overview(['south'], { ...W, days: 365 });
    assert.deepEqual([...new Set(year.siteDaily.map((r) => r.site))], ['south'], 'scoped');
    assert.equal(year.siteDaily.at(-1)!.day, '2025-06-09', 'NOW (a Sunday) is in the week of Monday 9 June');
  });

  it('one flush of many devices: rollups add up, retries within the flush count once', async (store) => {
    const devices = await Promise.all(Array.from({ length: 12 }, (_, i) => device(store, i % 2 ? 'east' : 'west')));
    const batches = devices.map((d, i) =>
      makeBatch(d, [makeReport({ hour: hourOf(NOW - (i % 3) * DAY) }), failedReport({ hour: hourOf(NOW) })]),
    );
    // Every batch sent twice at once, as an agent that timed out and retried would.
    const results = await Promise.all([...batches, ...batches].map((b, i) => store.ingest(devices[i % 12]!, b, NOW)));
    assert.equal(
      results.reduce((n, r) => n + (r?.accepted ?? 0), 0),
      24,
    );
    assert.equal(
      results.reduce((n, r) => n + (r?.duplicates ?? 0), 0),
      24,
    );
    assert.deepEqual(await store.stats(), { sites: 2, devices: 12, wipes: 24, failedWipes: 12, failures: 24 });
    const east = (await store.siteDetail('east', W))!;
    assert.equal(east.devices.length, 6);
    assert.ok(east.devices.every((d) => d.lastOutcome === 'failed' && d.wipes7d === 2 && d.failures7d === 2));
    assert.deepEqual(east.failures, [{ category: 'cache', code: 'E_BUSY', failures: 12 }]);
  });

  it('a batch the database refuses fails alone, not the batches stored with it', async (store) => {
    const good = await device(store, 'north');
    const broken = { id: good.id, siteId: null as unknown as string }; // violates NOT NULL site_id
    const [bad, ok] = await Promise.allSettled([
      store.ingest(broken, makeBatch(good, [makeReport({ hour: hourOf(NOW) })]), NOW),
      store.ingest(good, makeBatch(good, [makeReport({ hour: hourOf(NOW) })]), NOW),
    ]);
    assert.equal(bad.status, 'rejected');
    assert.deepEqual(ok, { status: 'fulfilled', value: { accepted: 1, duplicates: 0 } });
    assert.equal((await store.stats()).wipes, 1);
  });
}
