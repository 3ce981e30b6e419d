/**
 * Benchmark (not a test): how long the agent's local channel takes to answer `status` while it
 * wipes a home with many top-level items, against the same probe on the idle agent (baseline,
 * measured in the same run).
 *
 * The real agent (`node dist/main/cli.js agent`) runs with its own state dir; a home gets
 * BENCH_DOWNLOADS files in Downloads (default 20,000: one plan item and one rename each) and a
 * Firefox cache folder of BENCH_CACHE entries (default 10,000: one item, deep reap). A prober
 * sends one `status` at a time, 2 ms apart, from the session end until the verified result.
 *
 * Run: `npm run bench:responsiveness` (BENCH_REPS, default 3).
 */
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { callAgent } from '../../main/agent/ipc/client.js';
import type { WipeResult } from '../../protocol/ipc.js';
import { makeMarker } from '../support/marker-server.js';
import { makePatronHome } from '../support/patron-home.js';
import {
  manyItemsHome,
  midMoveAnswers,
  probeStatus,
  startAgentProcess,
  stopAgentProcess,
  waitStatus,
  type StatusSample,
} from '../support/agent-process.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3) || 3);
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 20_000) || 20_000;
const CACHE = Number(process.env.BENCH_CACHE ?? 10_000) || 10_000;

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

interface Rep {
  idle: StatusSample[];
  wipe: StatusSample[];
  result: WipeResult;
  atStartLoad: string;
}

async function once(): Promise<Rep> {
  const p = makePatronHome('tabula-bench-resp-');
  const stateDir = path.join(p.base, 'state');
  const config = path.join(p.base, 'config.json');
  writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
  manyItemsHome(p, makeMarker(), DOWNLOADS, CACHE);
  const child = startAgentProcess(stateDir, config);
  try {
    await waitStatus(stateDir, (s) => s.ready);
    const idleProbe = probeStatus(stateDir, 2);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await idleProbe.stop();
    await callAgent(stateDir, { type: 'sessionStart', home: p.home, temp: [p.temp] });
    const atStartLoad = load();
    const probe = probeStatus(stateDir, 2);
    const answer = await callAgent(stateDir, { type: 'sessionEnd', home: p.home, temp: [p.temp], wait: true }, { timeoutMs: 0 });
    const wipe = await probe.stop();
    if (!answer.ok) throw new Error(`wipe failed: ${answer.code}`);
    const result = (answer.result as { result: WipeResult }).result;
    if (result.outcome !== 'clean') throw new Error(`wipe not clean: ${result.outcome}`);
    return { idle, wipe, result, atStartLoad };
  } finally {
    await stopAgentProcess(child);
    p.cleanup();
  }
}

const rows: string[] = [];
const json: unknown[] = [];
for (let rep = 0; rep < REPS; rep++) {
  const r = await once();
  const idleLat = r.idle.map((s) => s.latencyMs);
  const wipeLat = r.wipe.map((s) => s.latencyMs);
  const idleP50 = pct(idleLat, 50);
  const max = Math.max(...wipeLat);
  const mid = midMoveAnswers(r.wipe).length;
  rows.push(
    `#${rep + 1}  load ${r.atStartLoad}  idle p50 ${idleP50.toFixed(1)} ms  during wipe: ${wipeLat.length} answers, ` +
      `${mid} while planning/moving, p50 ${pct(wipeLat, 50).toFixed(1)} ms, p99 ${pct(wipeLat, 99).toFixed(1)} ms, ` +
      `max ${max.toFixed(0)} ms (${(max / idleP50).toFixed(0)}× idle p50); wipe safe ${r.result.safeMs} ms, done ${r.result.doneMs} ms`,
  );
  json.push({
    rep: rep + 1,
    load: r.atStartLoad,
    idleP50,
    answers: wipeLat.length,
    midMove: mid,
    p50: pct(wipeLat, 50),
    p99: pct(wipeLat, 99),
    max,
    safeMs: r.result.safeMs,
    doneMs: r.result.doneMs,
    items: r.result.items,
  });
}
console.log(
  `status latency during a wipe of ${DOWNLOADS} downloads + a ${CACHE}-entry Firefox cache (node ${process.version}, ${os.cpus().length} CPUs)`,
);
for (const row of rows) console.log(row);
console.log(JSON.stringify({ bench: 'wipe-responsiveness', downloads: DOWNLOADS, cache: CACHE, reps: json }));
