/**
 * Benchmark (not a test): `tabula wipe` against `rm -rf` of the very same folders.
 *
 * For each tree size it builds two identical patron homes A and B on the same filesystem, asks
 * `tabula plan --paths` for the items a wipe removes in B, then times `tabula wipe --json` on A
 * (the spawned CLI: its reported safeMs/doneMs and the process wall time) and one `rm -rf` of
 * B's items. The order alternates between repetitions; the page cache cannot be dropped, so
 * both trees are written and `sync`ed before either is timed.
 *
 * Between timed phases the block device is left to settle (Linux: /proc/diskstats quiet for
 * 1.5 s, see settle.ts): otherwise whichever deletion runs second pays for the first one's discards.
 *
 * When `bleachbit` is on $PATH, a third identical home C is cleaned by BleachBit's cleaners for the
 * same browsers (HOME/XDG_* pointed at C) and timed the same way; when it is not, the output says so.
 *
 * Run: `npm run bench`. BENCH_REPS (default 5) and BENCH_SETS (default "typical,realistic,heavy")
 * adjust the run; `BENCH_SETS=typical npm run bench` is the one-patron, five-browser session.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHeavyProfileSet, makeRealisticProfileSet, makeTypicalProfileSet, type TreeStats } from './make-profile-tree.js';
import { settle } from './settle.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'cli.js');
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5) || 5);
const SAFE_TARGET_MS = 100;
const DONE_TARGET_RATIO = 1.0;

const BLEACHBIT = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v bleachbit'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
/**
 * BleachBit's options for the browsers the trees hold, as its own catalogue lists them
 * (`bleachbit --list`: option names differ per browser, and a version may lack a browser, e.g.
 * Debian 12's has no Edge). `vacuum` is left out: it compacts databases the other contenders
 * delete outright.
 */
const BLEACHBIT_BROWSERS = ['chromium', 'google_chrome', 'microsoft_edge', 'brave', 'firefox'];
const BLEACHBIT_CLEANERS = BLEACHBIT
  ? spawnSync(BLEACHBIT, ['--list'], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((l) => l.trim())
      .filter((o) => BLEACHBIT_BROWSERS.includes(o.split('.')[0] ?? '') && !o.endsWith('.vacuum'))
  : [];

interface Sample {
  order: string;
  rmMs: number;
  /** BleachBit's wall time on the third home (NaN when not installed). */
  bleachbitMs: number;
  planMs: number;
  safeMs: number;
  doneMs: number;
  wallMs: number;
  items: number;
  bytes: number;
}

interface SetResult {
  name: string;
  files: number;
  bytes: number;
  planItems: number;
  samples: Sample[];
}

const SETS: Record<string, (home: string) => TreeStats> = {
  typical: makeTypicalProfileSet,
  realistic: makeRealisticProfileSet,
  heavy: makeHeavyProfileSet,
};

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

function tabula(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

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

const selectionArgs = (s: Side) => ['--home', s.home, '--temp', s.temp, '--state', s.state];

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function runOnce(name: string, make: (home: string) => TreeStats, rep: number): { stats: TreeStats; planItems: number; sample: Sample } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'tabula-bench-'));
  try {
    const a = side(base, 'A');
    const b = side(base, 'B');
    const c = BLEACHBIT ? side(base, 'C') : undefined;
    const built = timed(() => {
      const stats = make(a.home);
      make(b.home);
      if (c) make(c.home);
      return stats;
    });
    log(`${name} #${rep + 1}: built ${c ? 3 : 2} × ${built.value.files} files in ${Math.round(built.ms)} ms`);

    // The exact items a wipe removes, listed for B (top-level items: cheap, no deep walk).
    const planned = timed(() => tabula(['plan', '--paths', ...selectionArgs(b)]));
    if (planned.value.status !== 0) throw new Error(`tabula plan failed: ${planned.value.stderr}`);
    const paths = planned.value.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t')[3] as string);
    if (paths.length === 0) throw new Error('tabula plan listed nothing');
    const settled = settle();

    const runTabula = () => timed(() => tabula(['wipe', '--json', '--no-close-browsers', ...selectionArgs(a)]));
    const runRm = () => timed(() => spawnSync('rm', ['-rf', '--', ...paths]));
    const runBleachbit = () =>
      timed(() =>
        spawnSync(BLEACHBIT as string, ['--clean', ...BLEACHBIT_CLEANERS], {
          env: {
            ...process.env,
            HOME: c?.home,
            XDG_CONFIG_HOME: path.join(c?.home ?? '', '.config'),
            XDG_CACHE_HOME: path.join(c?.home ?? '', '.cache'),
          },
          stdio: 'ignore',
        }),
      );
    // Alternating order: each contender goes first in turn.
    const contenders = ['tabula', 'rm', ...(c ? ['bleachbit'] : [])];
    const rotated = contenders.map((_, k) => contenders[(k + rep) % contenders.length] as string);
    const order = rotated.join('-');
    let t: ReturnType<typeof runTabula> | undefined;
    let r: ReturnType<typeof runRm> | undefined;
    let bleach: ReturnType<typeof runBleachbit> | undefined;
    for (const [k, who] of rotated.entries()) {
      if (k > 0) settle();
      if (who === 'tabula') t = runTabula();
      else if (who === 'rm') r = runRm();
      else bleach = runBleachbit();
    }
    if (!t || !r) throw new Error('a contender did not run');
    if (r.value.status !== 0) throw new Error(`rm -rf failed: ${r.value.stderr?.toString()}`);
    if (t.value.status !== 0) throw new Error(`tabula wipe exited ${t.value.status}: ${t.value.stdout}${t.value.stderr}`);
    const summary = JSON.parse(t.value.stdout) as {
      outcome: string;
      safeMs: number;
      doneMs: number;
      remaining: number;
      categories: Record<string, { items: number; bytes: number }>;
    };
    if (summary.outcome !== 'clean' || summary.remaining !== 0) throw new Error(`tabula wipe not clean: ${t.value.stdout}`);
    const left = paths.filter(exists).length;
    if (left > 0) throw new Error(`rm -rf left ${left} items`);
    const counts = Object.values(summary.categories);
    const sample: Sample = {
      order,
      rmMs: r.ms,
      bleachbitMs: bleach ? bleach.ms : Number.NaN,
      planMs: planned.ms,
      safeMs: summary.safeMs,
      doneMs: summary.doneMs,
      wallMs: t.ms,
      items: counts.reduce((n, c) => n + c.items, 0),
      bytes: counts.reduce((n, c) => n + c.bytes, 0),
    };
    log(
      `${name} #${rep + 1} (${order}, settled ${settled} ms): rm ${Math.round(r.ms)} ms, tabula done ${sample.doneMs} ms, wall ${Math.round(t.ms)} ms, safe ${sample.safeMs} ms${bleach ? `, bleachbit ${Math.round(bleach.ms)} ms` : ''}`,
    );
    return { stats: built.value, planItems: paths.length, sample };
  } finally {
    rmSync(base, { recursive: true, force: true });
    settle(); // the next repetition must not pay for this clean-up's discards
  }
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));
const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(0)} MiB`;

function summarize(set: SetResult) {
  const col = (key: keyof Omit<Sample, 'order'>) => set.samples.map((s) => s[key]);
  const rm = median(col('rmMs'));
  const done = median(col('doneMs'));
  const wall = median(col('wallMs'));
  const safeMax = Math.max(...col('safeMs'));
  const bleachbit = median(col('bleachbitMs'));
  return {
    set: set.name,
    files: set.files,
    bytes: set.bytes,
    planItems: set.planItems,
    countedItems: median(col('items')),
    countedBytes: median(col('bytes')),
    reps: set.samples.length,
    rmMs: round(rm),
    planWallMs: round(median(col('planMs'))),
    doneMs: round(done),
    wallMs: round(wall),
    doneRatio: round(done / rm, 2),
    wallRatio: round(wall / rm, 2),
    bleachbitMs: round(bleachbit),
    wallVsBleachbit: round(wall / bleachbit, 2),
    safeMsMedian: round(median(col('safeMs'))),
    safeMsP95: round(percentile(col('safeMs'), 0.95)),
    safeMsMax: safeMax,
    doneTargetMet: done <= DONE_TARGET_RATIO * rm,
    safeTargetMet: safeMax < SAFE_TARGET_MS,
    samples: set.samples.map((s) => ({
      ...s,
      rmMs: round(s.rmMs),
      bleachbitMs: round(s.bleachbitMs),
      planMs: round(s.planMs),
      wallMs: round(s.wallMs),
    })),
  };
}

function table(rows: ReturnType<typeof summarize>[]): string {
  const head = [
    'set',
    'files',
    'bytes',
    'rm -rf ms',
    'doneMs',
    'wall ms',
    'done/rm',
    'wall/rm',
    'bleachbit ms',
    'wall/bb',
    'safeMs med',
    'safeMs p95',
    'safeMs max',
    `done ≤ ${DONE_TARGET_RATIO}×rm`,
    `safe < ${SAFE_TARGET_MS} ms`,
  ];
  const body = rows.map((r) => [
    r.set,
    String(r.files),
    mib(r.bytes),
    String(r.rmMs),
    String(r.doneMs),
    String(r.wallMs),
    r.doneRatio.toFixed(2),
    r.wallRatio.toFixed(2),
    BLEACHBIT ? String(r.bleachbitMs) : '-',
    BLEACHBIT ? r.wallVsBleachbit.toFixed(2) : '-',
    String(r.safeMsMedian),
    String(r.safeMsP95),
    String(r.safeMsMax),
    r.doneTargetMet ? 'MET' : 'NOT MET',
    r.safeTargetMet ? 'MET' : 'NOT MET',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function main(): void {
  const names = (process.env.BENCH_SETS ?? 'typical,realistic,heavy')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const results: SetResult[] = [];
  for (const name of names) {
    const make = SETS[name];
    if (!make) throw new Error(`unknown set ${name}`);
    const set: SetResult = { name, files: 0, bytes: 0, planItems: 0, samples: [] };
    for (let rep = 0; rep < REPS; rep++) {
      const { stats, planItems, sample } = runOnce(name, make, rep);
      set.files = stats.files;
      set.bytes = stats.bytes;
      set.planItems = planItems;
      set.samples.push(sample);
    }
    results.push(set);
  }
  const rows = results.map(summarize);
  process.stdout.write(
    `\ntabula wipe vs rm -rf (${REPS} reps, alternating order, node ${process.version}, ${os.cpus().length} CPUs, ${os.tmpdir()})\n`,
  );
  process.stdout.write(
    `files/bytes: what the generator wrote per home; rm -rf removes the ${rows.map((r) => r.planItems).join('/')} planned items in one call;\n`,
  );
  process.stdout.write(
    'doneMs/safeMs: as tabula reports them (from the start of execution, after planning); wall: the whole tabula process.\n',
  );
  process.stdout.write('The block device is left to settle (sync + quiet /proc/diskstats) before each timed deletion.\n');
  process.stdout.write(
    BLEACHBIT
      ? `BleachBit: ${BLEACHBIT} --clean (${BLEACHBIT_CLEANERS.length} browser options of its catalogue, HOME = a third identical home).\n`
      : 'BleachBit: not installed (no `bleachbit` on $PATH), so no BleachBit column.\n',
  );
  process.stdout.write(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n\n`,
  );
  process.stdout.write(table(rows) + '\n\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.set}: tabula counted ${r.countedItems} items / ${mib(r.countedBytes)}; tabula plan --paths wall ${r.planWallMs} ms\n`,
    );
  }
  process.stdout.write(
    JSON.stringify({
      bench: 'wipe-vs-rm',
      reps: REPS,
      loadavg: os.loadavg(),
      bleachbit: BLEACHBIT ?? null,
      node: process.version,
      cpus: os.cpus().length,
      results: rows,
    }) + '\n',
  );
}

main();
