/**
 * Benchmark (not a test): a reset (mode `reset`: the home brought back to its captured baseline)
 * against the clean wipe (mode `clean`: the catalogue) of the same home. Target (issue 14): the
 * reset costs no more than 1.5× the clean wipe.
 *
 * Each repetition builds two identical homes A and B: BENCH_BASELINE_FILES (default 20,000) small
 * files of a set-up machine (application data, templates, settings) spread over folders, a
 * baseline captured of A only (`tabula baseline capture`, 3.5 s after they were written: a capture
 * records no change time for a file changed in its last 3 s), then the typical one-patron session in
 * five browsers (make-profile-tree.ts) and a few changed settings files in both. It then times the
 * whole `tabula wipe --json` process on A (`--mode reset`) and on B (`--mode clean`), alternating
 * which goes first, `sync` and a pause between, and prints medians and the ratio.
 *
 * Run: `npm run bench:reset` (BENCH_REPS, default 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTypicalProfileSet } from './make-profile-tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'cli.js');
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5) || 5);
const BASELINE_FILES = Math.max(100, Number(process.env.BENCH_BASELINE_FILES ?? 20_000) || 20_000);
const TARGET = 1.5;
const CHANGED = 10;

interface Side {
  home: string;
  temp: string;
  state: string;
}

function side(base: string, name: string): Side {
  const s = { home: path.join(base, name, 'home'), temp: path.join(base, name, 'tmp'), state: path.join(base, name, 'state') };
  for (const dir of Object.values(s)) mkdirSync(dir, { recursive: true });
  return s;
}

/** The set-up machine's files: BASELINE_FILES small files, 100 per folder, under places a reset must keep. */
function settingsFiles(home: string): string[] {
  const roots = ['.local/share/library-kiosk', '.config/libreoffice/4/user/template', 'Documents/Templates', '.local/share/fonts'];
  const written: string[] = [];
  for (let i = 0; i < BASELINE_FILES; i++) {
    const dir = path.join(home, roots[i % roots.length]!, `set-${Math.floor(i / (100 * roots.length))}`);
    if (i % (100 * roots.length) < roots.length) mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `item-${i}.dat`);
    writeFileSync(file, `baseline ${i}\n`.repeat(1 + (i % 8)));
    written.push(file);
  }
  return written;
}

function tabula(args: string[]): { ms: number; out: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`tabula ${args[0]} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return { ms, out: r.stdout };
}

const selection = (s: Side) => ['--home', s.home, '--temp', s.temp, '--state', s.state];

function pause(): void {
  spawnSync('sync');
  spawnSync('sleep', ['1']);
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const resetMs: number[] = [];
const cleanMs: number[] = [];
let items = { reset: 0, clean: 0 };
for (let rep = 0; rep < REPS; rep++) {
  const base = mkdtempSync(path.join(os.tmpdir(), 'tabula-bench-reset-'));
  try {
    const a = side(base, 'A');
    const b = side(base, 'B');
    const filesA = settingsFiles(a.home);
    const filesB = settingsFiles(b.home);
    // A set-up machine's files were written long before IT captures them; a capture records no
    // change time for a file changed in its last 3 s (baseline.ts SETTLED_MS), so they settle first.
    spawnSync('sleep', ['3.5']);
    const captured = JSON.parse(tabula(['baseline', 'capture', '--json', '--home', a.home, '--state', a.state]).out) as { files: number };
    if (captured.files < BASELINE_FILES) throw new Error(`baseline captured ${captured.files} files`);
    makeTypicalProfileSet(a.home);
    makeTypicalProfileSet(b.home);
    for (let k = 0; k < CHANGED; k++) {
      const i = Math.floor((k * BASELINE_FILES) / CHANGED);
      writeFileSync(filesA[i]!, 'changed by the patron\n');
      writeFileSync(filesB[i]!, 'changed by the patron\n');
    }
    pause();
    const order = rep % 2 ? ['clean', 'reset'] : ['reset', 'clean'];
    for (const [k, who] of order.entries()) {
      if (k > 0) pause();
      const s = who === 'reset' ? a : b;
      const run = tabula(['wipe', '--json', '--no-close-browsers', '--mode', who, ...selection(s)]);
      const summary = JSON.parse(run.out) as {
        outcome: string;
        mode: string;
        remaining: number;
        categories: Record<string, { items: number }>;
      };
      if (summary.outcome !== 'clean' || summary.remaining !== 0 || summary.mode !== who) throw new Error(`${who}: ${run.out}`);
      items = { ...items, [who]: Object.values(summary.categories).reduce((n, c) => n + c.items, 0) };
      (who === 'reset' ? resetMs : cleanMs).push(run.ms);
    }
    process.stderr.write(
      `[bench] reset #${rep + 1} (${order.join('-')}): reset ${Math.round(resetMs.at(-1)!)} ms, clean ${Math.round(cleanMs.at(-1)!)} ms\n`,
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
    pause();
  }
}
const ratio = median(resetMs) / median(cleanMs);
console.log(
  `reset vs clean wipe of the same home (${BASELINE_FILES} baseline files + the typical session, ${REPS} reps alternating, load ${os.loadavg()[0]!.toFixed(1)})`,
);
console.log(`  tabula wipe --mode clean (whole process):  median ${median(cleanMs).toFixed(0)} ms  (${items.clean} items)`);
console.log(`  tabula wipe --mode reset (whole process):  median ${median(resetMs).toFixed(0)} ms  (${items.reset} items)`);
console.log(`  reset / clean: ${ratio.toFixed(2)}×  (${ratio <= TARGET ? `≤ ${TARGET}× target met` : `over the ${TARGET}× target`})`);
console.log(
  JSON.stringify({ bench: 'reset-vs-clean', reps: REPS, baselineFiles: BASELINE_FILES, resetMs, cleanMs, ratio, load: os.loadavg() }),
);
