/**
 * The reaper: the Linux count-then-rm path gives exactly the counts of the plain worker walk,
 * never follows a link out of the graveyard, and when rm cannot remove something (an immutable
 * folder) the counts stay exact and the failure is reported. A graveyard replaced by a link
 * (a patron process renaming it in the home) is never deleted through; one pinned by descriptor is
 * entered through the descriptor, whatever its path has become.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { countOnly, reap, type ReapJob } from '../../../../main/agent/wipe/reap/reaper.js';
import { rmProgram, runRm } from '../../../../main/agent/wipe/reap/reap-rm.js';
import { removeTree, tempDir } from '../../../support/tree.js';

/** A graveyard of `n` items: files, folders with nested files, links out of it (to a file, a folder, `/`). */
function graveyard(base: string, outside: string, n: number): ReapJob[] {
  const g = path.join(base, 'graveyard');
  mkdirSync(g, { mode: 0o700 });
  const gst = lstatSync(g);
  const jobs: ReapJob[] = [];
  for (let i = 0; i < n; i++) {
    const p = path.join(g, String(i));
    if (i % 3 === 0) writeFileSync(p, 'x'.repeat(i));
    else if (i % 3 === 1) {
      mkdirSync(path.join(p, 'a', 'b'), { recursive: true });
      for (let k = 0; k < 20; k++) writeFileSync(path.join(p, 'a', `f${k}`), 'yy');
      writeFileSync(path.join(p, 'a', 'b', 'deep'), 'zzz');
      symlinkSync(outside, path.join(p, 'a', 'to-outside'));
      symlinkSync('/', path.join(p, 'to-root'));
    } else symlinkSync(path.join(outside, 'keep.txt'), p);
    jobs.push({ path: p, dev: gst.dev, overwrite: false, graveyard: { dev: gst.dev, ino: gst.ino } });
  }
  return jobs;
}

const totals = (rs: { items: number; bytes: number; failures: string[] }[]) => ({
  items: rs.reduce((n, r) => n + r.items, 0),
  bytes: rs.reduce((n, r) => n + r.bytes, 0),
  failures: rs.flatMap((r) => r.failures).sort(),
});

/** Sets TABULA_REAP (rm, walk: forced; undefined: chosen by size); a test puts back what it found with it too. */
function setReap(mode: string | undefined): void {
  if (mode === undefined) delete process.env.TABULA_REAP;
  else process.env.TABULA_REAP = mode;
}

function outsideDir(base: string): string {
  const outside = path.join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'keep.txt'), 'keep');
  return outside;
}

test('count-then-rm, the plain walk and the inline deletion count the same; links are unlinked, never followed', async (t) => {
  if (!rmProgram()) {
    t.skip('count-then-rm is the Linux path (GNU rm)');
    return;
  }
  const base = tempDir();
  const saved = process.env.TABULA_REAP;
  try {
    const outside = outsideDir(base);
    const a = path.join(base, 'a');
    const b = path.join(base, 'b');
    mkdirSync(a);
    mkdirSync(b);
    const jobsA = graveyard(a, outside, 60);
    const jobsB = graveyard(b, outside, 60);
    const c = path.join(base, 'c');
    mkdirSync(c);
    const jobsC = graveyard(c, outside, 60);
    process.env.TABULA_REAP = 'rm';
    const byRm = totals(await reap(jobsA));
    process.env.TABULA_REAP = 'walk';
    const byWalk = totals(await reap(jobsB));
    delete process.env.TABULA_REAP; // small enough: counted on this thread (no worker), then rm (Linux) or walked here
    const inline = totals(await reap(jobsC));
    assert.deepEqual(byRm, byWalk);
    assert.deepEqual(inline, byWalk);
    assert.equal(byRm.items, 20 * (20 + 2 + 2 + 2) + 20 + 20); // per folder: 20 files, a, b, deep, 2 links, itself
    assert.deepEqual(byRm.failures, []);
    for (const j of [...jobsA, ...jobsB, ...jobsC]) assert.ok(!existsSync(j.path) && !isLink(j.path), 'item gone');
    assert.equal(readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'keep', 'link targets intact');
  } finally {
    setReap(saved);
    removeTree(base);
  }
});

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

test('what rm cannot remove (an immutable folder) is reported; counts stay exact', async (t) => {
  if (!rmProgram()) {
    t.skip('count-then-rm is the Linux path (GNU rm)');
    return;
  }
  const base = tempDir();
  let locked: string | undefined;
  try {
    const outside = outsideDir(base);
    const jobs = graveyard(base, outside, 12);
    locked = path.join(jobs[1]?.path as string, 'a', 'b');
    if (spawnSync('chattr', ['+i', locked]).status !== 0) {
      locked = undefined;
      t.skip('chattr +i is refused here (needs root on ext4/xfs/btrfs)');
      return;
    }
    process.env.TABULA_REAP = 'rm'; // small: would be counted on this thread otherwise
    const results = await reap(jobs);
    delete process.env.TABULA_REAP;
    // The locked folder keeps its file `deep`; so it, its parent `a` and the item stay too: 4 entries not removed.
    const all = 4 * 26 + 4 + 4;
    const sum = totals(results);
    assert.equal(sum.items, all - 4);
    assert.ok(sum.failures.includes('E_PERM'), 'the immutable folder is reported');
    assert.ok(
      sum.failures.every((f) => f === 'E_PERM' || f === 'E_BUSY'),
      sum.failures.join(','),
    ); // E_BUSY: its parents are not empty
    assert.ok(existsSync(path.join(locked, 'deep')));
    assert.equal(readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'keep');
  } finally {
    delete process.env.TABULA_REAP;
    if (locked) spawnSync('chattr', ['-i', locked]);
    removeTree(base);
  }
});

test('a graveyard replaced by a link to another folder: nothing there is deleted, the items are reported', async (t) => {
  if (!rmProgram()) {
    t.skip('count-then-rm is the Linux path (GNU rm)');
    return;
  }
  const base = tempDir();
  try {
    const outside = outsideDir(base);
    const jobs = graveyard(base, outside, 12);
    // Decoys named like graveyard items, in the folder the link will point to.
    const decoys = path.join(base, 'decoys');
    mkdirSync(decoys);
    for (let i = 0; i < 12; i++) writeFileSync(path.join(decoys, String(i)), 'decoy');
    renameSync(path.join(base, 'graveyard'), path.join(base, 'moved'));
    symlinkSync(decoys, path.join(base, 'graveyard'));
    for (const mode of ['rm', undefined]) {
      setReap(mode); // count-then-rm, then the inline deletion of small sets
      const results = await reap(jobs);
      assert.equal(readdirSync(decoys).length, 12, `every decoy is still there (${mode ?? 'inline'})`);
      assert.ok(
        results.every((r) => r.items === 0 && r.failures.includes('E_IDENTITY_CHANGED')),
        mode ?? 'inline',
      );
      assert.equal(readdirSync(path.join(base, 'moved')).length, 12, 'the real graveyard was not deleted through the link either');
    }
  } finally {
    delete process.env.TABULA_REAP;
    removeTree(base);
  }
});

test('the work alongside runs once on every path, and the reap waits for it', async () => {
  const base = tempDir();
  const saved = process.env.TABULA_REAP;
  try {
    const outside = outsideDir(base);
    for (const mode of [undefined, 'rm', 'walk'] as const) {
      const dir = path.join(base, mode ?? 'small');
      mkdirSync(dir);
      setReap(mode);
      let runs = 0;
      let finished = false;
      const results = await reap(graveyard(dir, outside, 6), undefined, async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished = true;
      });
      assert.equal(runs, 1, `${mode ?? 'small'}: once`);
      assert.equal(finished, true, `${mode ?? 'small'}: awaited`);
      assert.equal(totals(results).items, 6 + 2 * 25, `${mode ?? 'small'}: counted as without it`);
      assert.deepEqual(readdirSync(path.join(dir, 'graveyard')), [], `${mode ?? 'small'}: deleted`);
    }
    assert.equal(readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'keep');
  } finally {
    setReap(saved);
    removeTree(base);
  }
});

test('rm enters a graveyard pinned by descriptor through it: renamed away and replaced by a link, the real one is emptied', async (t) => {
  const rm = rmProgram();
  if (!rm) {
    t.skip('count-then-rm is the Linux path (GNU rm)');
    return;
  }
  const base = tempDir();
  let fd: number | undefined;
  try {
    const outside = outsideDir(base);
    const jobs = graveyard(base, outside, 9);
    fd = openSync(path.join(base, 'graveyard'), constants.O_RDONLY | constants.O_DIRECTORY);
    const decoys = path.join(base, 'decoys');
    mkdirSync(decoys);
    for (let i = 0; i < 9; i++) writeFileSync(path.join(decoys, String(i)), 'decoy');
    renameSync(path.join(base, 'graveyard'), path.join(base, 'moved'));
    symlinkSync(decoys, path.join(base, 'graveyard'));
    const id = jobs[0]?.graveyard as { dev: number; ino: number };
    const code = await runRm(
      rm,
      `/proc/self/fd/${fd}`,
      id,
      jobs.map((j) => path.basename(j.path)),
    );
    assert.equal(code, 0, 'rm ran inside the pinned folder (-1: it could not enter it)');
    assert.deepEqual(readdirSync(path.join(base, 'moved')), [], 'the pinned graveyard is empty');
    assert.equal(readdirSync(decoys).length, 9, 'every decoy is still there');
    assert.equal(readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'keep', 'link targets intact');
  } finally {
    if (fd !== undefined) closeSync(fd);
    removeTree(base);
  }
});

test('countOnly counts a small set here as the workers count it, and removes nothing', async () => {
  const base = tempDir();
  const saved = process.env.TABULA_REAP;
  try {
    const outside = outsideDir(base);
    const tasks = graveyard(base, outside, 30).map((job) => ({ path: job.path, dev: job.dev, remove: true, overwrite: true }));
    setReap(undefined); // small: counted on this thread
    let each = 0;
    const here = totals(await countOnly(tasks, () => each++));
    setReap('walk'); // forces the workers
    const onWorkers = totals(await countOnly(tasks));
    assert.deepEqual(here, onWorkers);
    assert.equal(here.items, 10 * 26 + 20);
    assert.equal(each, 30, 'onEach after every task');
    assert.equal(readdirSync(path.join(base, 'graveyard')).length, 30, 'nothing removed, whatever the tasks asked');
  } finally {
    setReap(saved);
    removeTree(base);
  }
});
