/**
 * Benchmark (not a test): the typical-session wipe under Windows' own Node (Wine) against a
 * win32 `fs.rmSync` of the very same folders, in the same run.
 *
 * Two identical Windows-shaped homes A and B (tests/wine/win/make-profile.ts, Chrome and Edge
 * with BENCH_CACHE cache entries per profile, default 1500) are written by win32 Node; `tabula
 * plan --paths` lists B's items; then `tabula wipe --json` runs on A (its own safeMs and doneMs,
 * and the process wall time) and tests/wine/win/rm-paths.ts deletes B's items with fs.rmSync
 * (its in-process time, and the wall time). The order alternates; BENCH_REPS (default 3).
 * Prints ratios; the wall times include Wine's process start and module loading.
 *
 * Run: `npm run bench:wine` (needs wine64 and Windows' Node, as the tests/wine tier).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { CLI, driveCDir, needWine, patronHome, runWin, stopWine, winScript, zPath } from './support/wine.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3) || 3);
const CACHE = Math.max(1, Number(process.env.BENCH_CACHE ?? 1500) || 1500);
const log = (m: string) => process.stderr.write(`[bench:wine] ${m}\n`);
const noSkip = {
  skip: (m: string) => {
    throw new Error(m);
  },
} as unknown as TestContext;

const w = needWine(noSkip);
if (!w) throw new Error('no Wine');
const work = driveCDir(w, 'bench');
const rows: Array<{ order: string; safeMs: number; doneMs: number; wipeWall: number; rmMs: number; rmWall: number; items: number }> = [];
try {
  writeFileSync(path.join(work.unix, 'config.json'), '{}\n');
  for (let rep = 0; rep < REPS; rep++) {
    const a = patronHome(w, `bench-a${rep}`);
    const b = patronHome(w, `bench-b${rep}`);
    try {
      for (const h of [a, b]) {
        const r = await runWin(w, [winScript('make-profile'), h.win, 'BENCH', zPath(path.join(work.unix, 'm.json')), String(CACHE)]);
        if (r.code !== 0) throw new Error(r.stderr);
      }
      const opts = (home: string) => ['--home', home, '--state', `${work.win}\\s`, '--config', `${work.win}\\config.json`];
      const listed = await runWin(w, [CLI(), 'plan', ...opts(b.win), '--paths']);
      const paths = listed.stdout
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => l.split('\t').pop() ?? '');
      mkdirSync(work.unix, { recursive: true });
      writeFileSync(path.join(work.unix, 'paths.txt'), paths.join('\r\n'));
      const wipeA = async () => {
        const t0 = performance.now();
        const r = await runWin(w, [CLI(), 'wipe', ...opts(a.win), '--json']);
        const s = JSON.parse(r.stdout) as { safeMs: number; doneMs: number; outcome: string };
        if (s.outcome !== 'clean') throw new Error(`wipe ${s.outcome}`);
        return { safeMs: s.safeMs, doneMs: s.doneMs, wall: performance.now() - t0 };
      };
      const rmB = async () => {
        const t0 = performance.now();
        const r = await runWin(w, [winScript('rm-paths'), `${work.win}\\paths.txt`, `${work.win}\\rm.json`]);
        if (r.code !== 0) throw new Error(r.stderr);
        return {
          ms: (JSON.parse(readFileSync(path.join(work.unix, 'rm.json'), 'utf8')) as { ms: number }).ms,
          wall: performance.now() - t0,
        };
      };
      const tabulaFirst = rep % 2 === 0;
      const first = tabulaFirst ? await wipeA() : await rmB();
      const second = tabulaFirst ? await rmB() : await wipeA();
      const t = (tabulaFirst ? first : second) as Awaited<ReturnType<typeof wipeA>>;
      const r = (tabulaFirst ? second : first) as Awaited<ReturnType<typeof rmB>>;
      rows.push({
        order: tabulaFirst ? 'tabula-first' : 'rmSync-first',
        safeMs: t.safeMs,
        doneMs: t.doneMs,
        wipeWall: Math.round(t.wall),
        rmMs: r.ms,
        rmWall: Math.round(r.wall),
        items: paths.length,
      });
      log(JSON.stringify(rows.at(-1)));
    } finally {
      a.dispose();
      b.dispose();
    }
  }
} finally {
  work.dispose();
  stopWine(w);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
const done = median(rows.map((r) => r.doneMs));
const rm = median(rows.map((r) => r.rmMs));
console.log(
  `win32 (Wine) typical session, ${CACHE} cache entries per Chrome/Edge profile, ${rows[0]?.items ?? 0} planned items, ${REPS} reps`,
);
console.log(
  `tabula wipe doneMs / fs.rmSync ms (medians): ${done} / ${rm} = ${(done / Math.max(1, rm)).toFixed(2)}x; safeMs median ${median(rows.map((r) => r.safeMs))}`,
);
console.log(
  `process wall times (Wine start + module load included): wipe ${median(rows.map((r) => r.wipeWall))} ms, rmSync ${median(rows.map((r) => r.rmWall))} ms`,
);
