/**
 * Benchmark (not a test): latency from a session-end signal to "safe for the next patron" (every
 * item moved into the graveyard) and to "verified clean" (deleted, re-planned to zero, journal
 * clean), through the real agent service in-process with an injected session source.
 *
 * Each run plants the same profile set (browser profiles, caches, downloads) in a throw-away home,
 * emits `end`, and records both times from the signal. As a baseline measured in the same run, an
 * identical tree (same generator, same filesystem, `sync`ed with the other) is removed with one
 * `rm -rf`. The order alternates between runs (even runs: the agent first; odd runs: rm first), and
 * the block device is left to settle before each timed deletion (settle.ts), so neither pays for
 * the other's writeback or discards. Figures: p50/p95, and p50 as a ratio to the rm p50.
 *
 * Run: `npm run build && node dist/tests/bench/session-latency.bench.js`.
 * BENCH_SET: `realistic` (default, ~4,800 files), `typical` (one patron, five browsers, ~950
 * files) or `heavy` (~118,000 files, over 100,000 of them cache).
 * BENCH_RUNS: default 25; at least 20, except for heavy: at least 5 (a heavy run takes ~2 min).
 * BENCH_CLOSE=0: the agent does not look for the patron's browsers first (as deployed, it does).
 * BENCH_WARM_MS: the agent's warm-up interval (service/warm-up.ts; deployed: 30 s), default 2000.
 * A library session lasts minutes to hours, so its end follows warm-ups; each bench session waits
 * for one, then 1.5 s more (the CPU's caches are cold again by then), before its end.
 * BENCH_WARM_MS=0: no warm-ups, as for a session that ends within 30 s of its start.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { makeHeavyProfileSet, makeRealisticProfileSet, makeTypicalProfileSet, type TreeStats } from './make-profile-tree.js';
import { settle } from './settle.js';
import { makePatronHome } from '../support/patron-home.js';
import { startTestAgent } from '../support/agent-run.js';
import type { WipeResult } from '../../protocol/ipc.js';

const SETS: Record<string, (home: string) => TreeStats> = {
  realistic: makeRealisticProfileSet,
  typical: makeTypicalProfileSet,
  heavy: makeHeavyProfileSet,
};
const SET = process.env.BENCH_SET ?? 'realistic';
const makeTree = SETS[SET];
if (!makeTree) throw new Error(`unknown BENCH_SET ${SET} (one of ${Object.keys(SETS).join(', ')})`);
const RUNS = Math.max(SET === 'heavy' ? 5 : 20, Number(process.env.BENCH_RUNS ?? 25) || 25);

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

let safeAt = 0;
const patron = makePatronHome('tabula-bench-latency-');
/** As deployed, the agent looks for the patron's running browsers first (none run here); BENCH_CLOSE=0 skips that. */
const closeBrowsers = process.env.BENCH_CLOSE !== '0';
const warmEveryMs = Number(process.env.BENCH_WARM_MS ?? 2000);
let warmed = 0;
const agent = await startTestAgent(
  { accounts: ['patron'], closeBrowsers },
  { onSafe: (at) => (safeAt = at), warmEveryMs, onWarm: () => warmed++ },
  patron,
);
/**
 * Run as root, the patron's home is given a uid of its own (BENCH_PATRON_UID), as on a library PC:
 * the browser scan then reads the other owners' processes briefly, as it does there, not all of root's.
 */
const patronUid = Number(process.env.BENCH_PATRON_UID ?? 64_123);
const ownHome = () => process.getuid?.() === 0 && spawnSync('chown', ['-R', `${patronUid}:${patronUid}`, patron.home]);
await agent.handle.recovered;

const toSafe: number[] = [];
const toClean: number[] = [];
const rmMs: number[] = [];
let files = 0;

async function throughAgent(run: number): Promise<void> {
  if (warmEveryMs > 0) {
    const from = warmed;
    while (warmed === from) await sleep(10);
    await sleep(1500);
  }
  const done = new Promise<WipeResult>((resolve) => {
    const off = agent.handle.agent.onWipeDone((r) => {
      off();
      resolve(r);
    });
  });
  const signal = performance.now();
  agent.source.end('patron');
  const result = await done;
  const cleanAt = performance.now();
  if (result.outcome !== 'clean' || result.remaining !== 0) throw new Error(`run ${run}: not clean (${result.outcome})`);
  toSafe.push(safeAt - signal);
  toClean.push(cleanAt - signal);
}

function withRm(copy: string): void {
  const t = performance.now();
  const r = spawnSync('rm', ['-rf', '--', copy]);
  rmMs.push(performance.now() - t);
  if (r.status !== 0) throw new Error('rm -rf failed');
}

for (let run = 0; run < RUNS; run++) {
  // A session per run: the agent wipes once per session (repeated ends are deduplicated).
  agent.source.begin('patron');
  files = makeTree(patron.home).files;
  ownHome();
  const copy = path.join(patron.base, `rm-baseline-${run}`);
  mkdirSync(copy);
  makeTree(copy);
  settle();
  if (run % 2 === 0) {
    await throughAgent(run);
    settle();
    withRm(copy);
  } else {
    withRm(copy);
    settle();
    await throughAgent(run);
  }
  process.stderr.write(
    `[bench] ${SET} #${run + 1}: safe ${fmt(toSafe.at(-1) ?? 0)}, clean ${fmt(toClean.at(-1) ?? 0)}, rm ${fmt(rmMs.at(-1) ?? 0)}\n`,
  );
}
await agent.stop();
patron.cleanup();

const rm50 = pct(rmMs, 50);
console.log(
  `session-end latency through the agent, set ${SET}, ${RUNS} runs (alternating with rm -rf), ${files} files per profile set, browsers ${closeBrowsers ? 'looked for' : 'not looked for (BENCH_CLOSE=0)'}, warm-ups ${warmEveryMs > 0 ? `every ${warmEveryMs} ms, the last 1.5 s before the end` : 'off'}`,
);
console.log(
  `  signal → safe (moved out of reach):  p50 ${fmt(pct(toSafe, 50))}  p95 ${fmt(pct(toSafe, 95))}  (p50 ${(pct(toSafe, 50) / rm50).toFixed(2)} × rm -rf)`,
);
console.log(
  `  signal → verified clean:             p50 ${fmt(pct(toClean, 50))}  p95 ${fmt(pct(toClean, 95))}  (p50 ${(pct(toClean, 50) / rm50).toFixed(2)} × rm -rf)`,
);
console.log(`  baseline rm -rf of the same tree:    p50 ${fmt(rm50)}  p95 ${fmt(pct(rmMs, 95))}`);
console.log(
  `  load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
