/**
 * Benchmark (not a test): the CLI's cold start, the cost every PAM hook and IT script pays.
 * Target (issue 14): `tabula --version` and `tabula session end` talking to a running agent
 * ≤ 1.5× a bare `node -e 0`, measured in the same run, alternating, median of BENCH_RUNS
 * (default 11) runs each.
 *
 * `session end` goes to a real agent (its own state dir and config, no patron account) for an
 * account that is not a configured patron — the answer every staff logout gets, so the figure
 * is start-up plus one round trip on the local channel, not a wipe.
 *
 * Run: `npm run bench:cold-start`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, startAgentProcess, stopAgentProcess, waitStatus } from '../support/agent-process.js';
import { removeTree, tempDir } from '../support/tree.js';

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 11) || 11);
const TARGET = 1.5;

function timed(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const base = tempDir();
const state = path.join(base, 'state');
const config = path.join(base, 'config.json');
writeFileSync(config, JSON.stringify({ accounts: [] }));
const agent = startAgentProcess(state, config);
try {
  await waitStatus(state, (s) => s.ready);
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'tabula --version': [CLI, '--version'],
    'tabula session end (agent)': [CLI, 'session', 'end', '--account', 'nobody', '--state', state, '--config', config],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const args of Object.values(cases)) timed(args); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const order = Object.keys(cases);
    if (i % 2) order.reverse();
    for (const name of order) times[name]!.push(timed(cases[name]!));
  }
  const floor = median(times['node -e 0']!);
  console.log(`cold start, median of ${RUNS} alternating runs (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}):`);
  for (const [name, xs] of Object.entries(times)) {
    const ratio = median(xs) / floor;
    const verdict = name === 'node -e 0' ? 'baseline' : ratio <= TARGET ? `≤ ${TARGET}× target met` : `over the ${TARGET}× target`;
    console.log(`  ${name.padEnd(28)} ${median(xs).toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×  (${verdict})`);
  }
} finally {
  await stopAgentProcess(agent);
  removeTree(base);
}
