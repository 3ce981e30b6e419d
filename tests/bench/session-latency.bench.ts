/**
 * Benchmark (not a test): latency from a session-end signal to "safe for the next patron" (every
 * item moved into the graveyard) and to "verified clean" (deleted, re-planned to zero, journal
 * clean), through the real agent service in-process with an injected session source.
 *
 * Each run plants the same realistic profile set (browser profiles, caches, downloads) in a
 * throw-away home, emits `end`, and records both times from the signal. As a baseline measured
 * in the same run, an identical tree is removed with `rm -rf`; the figures are printed as
 * p50/p95 and as ratios to that baseline.
 *
 * Run: `npm run build && node dist/tests/bench/session-latency.bench.js` (BENCH_RUNS, default 25).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeRealisticProfileSet, makeTypicalProfileSet } from './make-profile-tree.js';
import { makePatronHome } from '../support/patron-home.js';
import { startTestAgent } from '../support/agent-run.js';
import type { WipeResult } from '../../protocol/ipc.js';

/** BENCH_SET=typical: the one-patron, five-browser session (~950 files) instead of the realistic set. */
const makeTree = process.env.BENCH_SET === 'typical' ? makeTypicalProfileSet : makeRealisticProfileSet;
const RUNS = Math.max(20, Number(process.env.BENCH_RUNS ?? 25) || 25);

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

let safeAt = 0;
const patron = makePatronHome('tabula-bench-latency-');
/** As deployed, the agent looks for the patron's running browsers first (none run here); BENCH_CLOSE=0 skips that. */
const closeBrowsers = process.env.BENCH_CLOSE !== '0';
const agent = await startTestAgent({ accounts: ['patron'], closeBrowsers }, { onSafe: (at) => (safeAt = at) }, patron);
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
for (let run = 0; run < RUNS; run++) {
  // A session per run: the agent wipes once per session (repeated ends are deduplicated).
  agent.source.begin('patron');
  const stats = makeTree(patron.home);
  ownHome();
  files = stats.files;
  const copy = path.join(patron.base, `rm-baseline-${run}`);
  mkdirSync(copy);
  makeTree(copy);
  spawnSync('sync');

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

  const t = performance.now();
  spawnSync('rm', ['-rf', copy]);
  rmMs.push(performance.now() - t);
}
await agent.stop();
patron.cleanup();

const rm50 = pct(rmMs, 50);
console.log(
  `session-end latency through the agent, ${RUNS} runs, ${files} files per profile set, browsers ${closeBrowsers ? 'looked for' : 'not looked for (BENCH_CLOSE=0)'}`,
);
console.log(
  `  signal → safe (moved out of reach):  p50 ${fmt(pct(toSafe, 50))}  p95 ${fmt(pct(toSafe, 95))}  (p50 ${(pct(toSafe, 50) / rm50).toFixed(2)} × rm -rf)`,
);
console.log(
  `  signal → verified clean:             p50 ${fmt(pct(toClean, 50))}  p95 ${fmt(pct(toClean, 95))}  (p50 ${(pct(toClean, 50) / rm50).toFixed(2)} × rm -rf)`,
);
console.log(`  baseline rm -rf of the same tree:    p50 ${fmt(rm50)}  p95 ${fmt(pct(rmMs, 95))}`);
