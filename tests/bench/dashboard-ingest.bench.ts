/**
 * Dashboard benchmark (prints figures, never pass/fail):
 *  1. ingest over loopback HTTP with a keep-alive load generator: reports/s and p50/p99 latency,
 *     one report per request and 10 per request, for SQLite and PostgreSQL;
 *  2. overview and site-detail query time with 20,000 PCs × 365 days of daily rollups.
 * Run: npx tsc -p tsconfig.json && node dist/tests/bench/dashboard-ingest.bench.js [seconds]
 * Targets in issue 4: ≥ 5,000 reports/s and p99 < 50 ms (SQLite, 2 cores); overview < 300 ms.
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../dashboard/server/app.js';
import { SqliteStore } from '../../dashboard/server/store/sqlite-store.js';
import type { Store } from '../../dashboard/server/store/store.js';
import { enroll, type Enrolled, type TestApp } from '../support/dashboard/app.js';
import { hourOf, makeBatch, makeReport } from '../support/dashboard/batches.js';
import { pgTarget } from '../support/dashboard/postgres.js';
import { removeTree, tempDir } from '../support/tree.js';

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = 32;
const DEVICES = 200;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, credential: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/reports', method: 'POST', agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

async function ingest(label: string, store: Store, perRequest: number): Promise<void> {
  await store.migrate();
  const app = await buildApp({ store, rateLimitPerMinute: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const t = { app, store } as TestApp;
  const devices: Enrolled[] = [];
  for (let i = 0; i < DEVICES; i++) devices.push(await enroll(t, `site-${i % 20}`));
  const latencies: number[] = [];
  let reports = 0, errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const hour = hourOf(Date.now());
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
    for (let i = w; Date.now() < end; i += CONCURRENCY) {
      const d = devices[i % DEVICES]!;
      const body = JSON.stringify(makeBatch(d, Array.from({ length: perRequest }, () => makeReport({ hour }))));
      const start = performance.now();
      const status = await post(port, d.credential, body);
      latencies.push(performance.now() - start);
      if (status === 200) reports += perRequest; else errors++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const stats = await store.stats();
  console.log(`${label.padEnd(10)} ${String(perRequest).padStart(2)} report(s)/request: ${Math.round(reports / SECONDS)} reports/s, ` +
    `${Math.round(latencies.length / SECONDS)} requests/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, ` +
    `errors ${errors}, stored wipes ${stats.wipes}`);
  await app.close();
}

const FLEET = { devices: 20_000, days: 365, sites: 100 };

async function timeQueries(label: string, store: Store, now: number): Promise<void> {
  const w = { now, silentAfterMs: 72 * 3_600_000, days: 30 };
  const time = async (fn: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await fn();
      runs.push(performance.now() - s);
    }
    return runs.sort((a, b) => a - b)[2]!.toFixed(0);
  };
  const overview = await time(() => store.overview(null, w));
  const staff = await time(() => store.overview(['site-7'], w));
  const site = await time(() => store.siteDetail('site-7', { ...w, days: 365 }));
  console.log(`${label.padEnd(10)} 20,000 PCs x 365 days: overview (admin) ${overview} ms, overview (staff, 1 site) ${staff} ms, site detail (200 PCs, 365 days) ${site} ms`);
}

/** A year of rollups for 20,000 PCs, written directly (7.3 M reports through HTTP would take hours). */
async function fillSqlite(file: string, now: number): Promise<void> {
  const db = new Database(file);
  const day = (d: number) => new Date(now - d * 86_400_000).toISOString().slice(0, 10);
  db.transaction(() => {
    const site = db.prepare('INSERT INTO sites (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
    const dev = db.prepare('INSERT INTO devices (id, site_id, credential_hash, platform, agent_version, enrolled_at, last_seen_at, last_hour, last_outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const dw = db.prepare('INSERT INTO daily_site_wipes (site_id, day_utc, wipe_trigger, outcome, wipes) VALUES (?, ?, ?, ?, ?)');
    const di = db.prepare('INSERT INTO daily_site_items (site_id, day_utc, category, items, bytes) VALUES (?, ?, ?, ?, ?)');
    const dd = db.prepare('INSERT INTO daily_device (device_id, day_utc, site_id, wipes, failed_wipes, failures) VALUES (?, ?, ?, ?, ?, ?)');
    for (let s = 0; s < FLEET.sites; s++) {
      site.run(`site-${s}`, now);
      for (let d = 0; d < FLEET.days; d++) {
        dw.run(`site-${s}`, day(d), 'logout', 'clean', 1500);
        dw.run(`site-${s}`, day(d), 'idle', 'partial', 3);
        for (const c of ['history', 'cookies', 'cache', 'downloads']) di.run(`site-${s}`, day(d), c, 9000, 9_000_000);
      }
    }
    for (let i = 0; i < FLEET.devices; i++) {
      const id = `dev_${i.toString(16).padStart(32, '0')}`;
      const s = `site-${i % FLEET.sites}`;
      dev.run(id, s, `h${i}`, 'win32', '0.1.0', now, now - (i % 97) * 3_600_000, hourOf(now), i % 50 === 0 ? 'failed' : 'clean');
      for (let d = 0; d < FLEET.days; d++) dd.run(id, day(d), s, 8, 0, 0);
    }
  })();
  db.close();
}

async function fillPostgres(client: pg.Client, now: number): Promise<void> {
  const base = new Date(now).toISOString().slice(0, 10);
  await client.query(`INSERT INTO sites SELECT 'site-' || s, ${now} FROM generate_series(0, ${FLEET.sites - 1}) s`);
  await client.query(`INSERT INTO devices (id, site_id, credential_hash, platform, agent_version, enrolled_at, last_seen_at, last_hour, last_outcome)
    SELECT 'dev_' || lpad(to_hex(i), 32, '0'), 'site-' || (i % ${FLEET.sites}), 'h' || i, 'win32', '0.1.0', ${now}, ${now} - (i % 97) * 3600000, '${hourOf(now)}',
      CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'clean' END FROM generate_series(0, ${FLEET.devices - 1}) i`);
  const days = `(SELECT to_char(DATE '${base}' - d, 'YYYY-MM-DD') AS day FROM generate_series(0, ${FLEET.days - 1}) d) days`;
  await client.query(`INSERT INTO daily_site_wipes SELECT s.id, day, t.tr, t.oc, t.n FROM sites s, ${days},
    (VALUES ('logout', 'clean', 1500), ('idle', 'partial', 3)) t(tr, oc, n)`);
  await client.query(`INSERT INTO daily_site_items SELECT s.id, day, c, 9000, 9000000 FROM sites s, ${days},
    unnest(ARRAY['history', 'cookies', 'cache', 'downloads']) c`);
  await client.query(`INSERT INTO daily_device SELECT d.id, day, d.site_id, 8, 0, 0 FROM devices d, ${days}`);
  await client.query('ANALYZE');
}

async function main(): Promise<void> {
  console.log(`dashboard ingest: ${SECONDS} s per run, ${CONCURRENCY} concurrent keep-alive connections, ${DEVICES} devices, loopback`);
  const dir = tempDir('tabula-bench-');
  const target = await pgTarget();
  try {
    for (const per of [1, 10]) {
      await ingest('sqlite', new SqliteStore(path.join(dir, `ingest-${per}.sqlite`)), per);
      if (typeof target !== 'string') {
        const { store, done } = await target.fresh();
        try { await ingest('postgres', store, per); } finally { await done(); }
      } else console.log(`postgres   skipped: ${target}`);
    }
    const now = Date.now();
    const file = path.join(dir, 'fleet.sqlite');
    let s: Store = new SqliteStore(file);
    await s.migrate();
    await s.close();
    let t0 = performance.now();
    await fillSqlite(file, now);
    console.log(`sqlite     filled 20,000 PCs x 365 days (${(FLEET.devices * FLEET.days).toLocaleString('en')} device-days) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    s = new SqliteStore(file);
    await timeQueries('sqlite', s, now);
    await s.close();
    if (typeof target !== 'string') {
      const { store, schema, done } = await target.fresh();
      try {
        await store.migrate();
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        await client.query(`SET search_path TO ${schema}`);
        t0 = performance.now();
        await fillPostgres(client, now);
        await client.end();
        console.log(`postgres   filled 20,000 PCs x 365 days in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        await timeQueries('postgres', store, now);
      } finally {
        await done();
      }
    }
  } finally {
    agent.destroy();
    removeTree(dir);
  }
}

await main();
