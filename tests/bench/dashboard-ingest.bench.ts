/**
 * Dashboard benchmark (prints figures, never pass/fail):
 *  1. ingest over loopback HTTP against the real app (rate limits on, with caps high enough not
 *     to refuse; `--rate-limit off` drops the plugin), with a load generator in a child process
 *     (dashboard-load.ts), 1 and 10 reports per request, SQLite and PostgreSQL:
 *     - closed loop ("max"): `--concurrency` keep-alive requests always in flight: the highest
 *       sustained reports/s (latency there is queueing: concurrency / throughput);
 *     - open loop ("at N/s"): requests sent at `--rate` reports/s whatever the answers take, as
 *       independent PCs do: p50/p99 latency at that load (0 skips it);
 *  2. overview and site-detail query time on a bulk-filled fleet (dashboard-fleet.ts).
 * Every line carries the 1-minute load average: on a shared machine, figures are only comparable
 * at similar load.
 *
 *   npm run bench:dashboard -- [--seconds 5] [--part ingest|fleet|all] [--store sqlite|postgres|both]
 *                              [--per 1,10] [--concurrency 32] [--rate 5000] [--rate-limit on|off] [--devices 200]
 *                              [--fleet-devices 20000] [--fleet-days 365] [--fleet-sites 100]
 * Targets in issue 4: ≥ 5,000 reports/s and p99 < 50 ms (SQLite, 2 cores); overview < 300 ms.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../dashboard/server/app.js';
import { newDeviceId, randomToken, sha256 } from '../../dashboard/server/auth/secrets.js';
import { SqliteStore } from '../../dashboard/server/store/sqlite-store.js';
import type { Store } from '../../dashboard/server/store/store.js';
import { newToken, type Enrolled } from '../support/dashboard/app.js';
import { pgTarget, type PgTarget } from '../support/dashboard/postgres.js';
import { removeTree, tempDir } from '../support/tree.js';
import { fillPostgres, fillSqlite, timeQueries, type FleetSize } from './dashboard-fleet.js';
import type { LoadJob, LoadResult } from './dashboard-load.js';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    part: { type: 'string', default: 'all' },
    store: { type: 'string', default: 'both' },
    per: { type: 'string', default: '1,10' },
    concurrency: { type: 'string', default: '32' },
    rate: { type: 'string', default: '5000' },
    'rate-limit': { type: 'string', default: 'on' },
    devices: { type: 'string', default: '200' },
    'fleet-devices': { type: 'string', default: '20000' },
    'fleet-days': { type: 'string', default: '365' },
    'fleet-sites': { type: 'string', default: '100' },
  },
});
const SECONDS = Number(opt.seconds);
const CONCURRENCY = Number(opt.concurrency);
const DEVICES = Number(opt.devices);
const FLEET: FleetSize = { devices: Number(opt['fleet-devices']), days: Number(opt['fleet-days']), sites: Number(opt['fleet-sites']) };
const LOAD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dashboard-load.js');

const load = () => `load ${loadavg()[0]!.toFixed(2)}`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

function generate(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_SCRIPT, [], { serialization: 'advanced' });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited ${code}`));
    });
    child.send(job);
  });
}

/** Enrolls through the store (the enroll route allows 30 per minute per address). */
async function enrollDirect(store: Store, siteId: string): Promise<Enrolled> {
  const credential = randomToken('tbd_');
  const token = await newToken(store, siteId);
  const d = await store.enrollDevice(
    { tokenHash: sha256(token), deviceId: newDeviceId(), credentialHash: sha256(credential), agentVersion: '0.1.0', platform: 'linux' },
    Date.now(),
  );
  if (!d) throw new Error('enroll failed');
  return { ...d, credential };
}

function line(label: string, mode: string, perRequest: number, r: LoadResult, wipes: number, before: string): string {
  const latencies = r.latencies.sort((a, b) => a - b);
  const seconds = r.elapsedMs / 1000;
  return (
    `${label.padEnd(9)} ${mode.padEnd(11)} ${String(perRequest).padStart(2)}/request: ${Math.round(r.reports / seconds)} reports/s, ` +
    `${Math.round(latencies.length / seconds)} requests/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, ` +
    `errors ${r.errors}${r.shed ? `, not sent (server behind) ${r.shed}` : ''}, stored wipes ${wipes} (${before} before, ${load()} after)`
  );
}

async function ingest(label: string, store: Store, perRequest: number): Promise<void> {
  await store.migrate();
  // Production limits are 600/min per address and per device; raised so the bench is not refused
  // while the limiter's work per request is still measured.
  const limits =
    opt['rate-limit'] === 'off' ? { rateLimitPerMinute: false as const } : { rateLimitPerMinute: 1e9, reportRateLimitPerMinute: 1e9 };
  const app = await buildApp({ store, ...limits });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const port = (app.server.address() as AddressInfo).port;
    const devices: Enrolled[] = [];
    for (let i = 0; i < DEVICES; i++) devices.push(await enrollDirect(store, `site-${i % 20}`));
    const job = { port, devices, seconds: SECONDS, perRequest, concurrency: CONCURRENCY };
    let before = load();
    let r = await generate(job);
    console.log(line(label, 'max', perRequest, r, (await store.stats()).wipes, before));
    const rate = Number(opt.rate);
    if (rate > 0) {
      before = load();
      r = await generate({ ...job, requestsPerSecond: rate / perRequest });
      console.log(line(label, `at ${rate}/s`, perRequest, r, (await store.stats()).wipes, before));
    }
  } finally {
    await app.close();
    await store.close();
  }
}

async function fleet(dir: string, target: PgTarget | string, stores: string[]): Promise<void> {
  const now = Date.now();
  const what = `${FLEET.devices.toLocaleString('en')} PCs x ${FLEET.days} days (${(FLEET.devices * FLEET.days).toLocaleString('en')} device-days)`;
  if (stores.includes('sqlite')) {
    const file = path.join(dir, 'fleet.sqlite');
    let s: Store = new SqliteStore(file);
    await s.migrate();
    await s.close();
    const t0 = performance.now();
    fillSqlite(file, FLEET, now);
    console.log(`sqlite    filled ${what} in ${((performance.now() - t0) / 1000).toFixed(0)} s (${load()})`);
    s = new SqliteStore(file);
    try {
      console.log(`sqlite    ${await timeQueries(s, FLEET, now)} (${load()})`);
    } finally {
      await s.close();
    }
  }
  if (stores.includes('postgres')) {
    if (typeof target === 'string') {
      console.log(`postgres  skipped: ${target}`);
      return;
    }
    const { store, schema, done } = await target.fresh();
    try {
      await store.migrate();
      const t0 = performance.now();
      await fillPostgres(target.url, schema, FLEET, now);
      console.log(`postgres  filled ${what} in ${((performance.now() - t0) / 1000).toFixed(0)} s (${load()})`);
      console.log(`postgres  ${await timeQueries(store, FLEET, now)} (${load()})`);
    } finally {
      await done();
    }
  }
}

async function main(): Promise<void> {
  const stores = opt.store === 'both' ? ['sqlite', 'postgres'] : [opt.store];
  const dir = tempDir('tabula-bench-');
  const target = await pgTarget();
  try {
    if (opt.part !== 'fleet') {
      console.log(
        `dashboard ingest: ${SECONDS} s per run, ${CONCURRENCY} keep-alive connections from a child process, ${DEVICES} devices, loopback, rate limits ${opt['rate-limit']}, node ${process.version}`,
      );
      for (const per of opt.per.split(',').map(Number)) {
        if (stores.includes('sqlite')) await ingest('sqlite', new SqliteStore(path.join(dir, `ingest-${per}.sqlite`)), per);
        if (!stores.includes('postgres')) continue;
        if (typeof target === 'string') {
          console.log(`postgres  skipped: ${target}`);
          continue;
        }
        const { store, done } = await target.fresh();
        try {
          await ingest('postgres', store, per);
        } finally {
          await done();
        }
      }
    }
    if (opt.part !== 'ingest') await fleet(dir, target, stores);
  } finally {
    removeTree(dir);
  }
}

await main();
