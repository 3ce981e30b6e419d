/**
 * Issue 9, case 7: between the planner's lstat and its read, a patron process swaps a file it is
 * about to read for a FIFO (renameat2 RENAME_EXCHANGE, in a loop). In reset mode the planner
 * hashes every file whose size matches the baseline: that read must never block (O_NONBLOCK,
 * regular-file check on the opened descriptor). `tabula plan --mode reset` runs as a child with a
 * time limit, 20 rounds: it must always finish. (profiles.ini and user-dirs.dirs are read through
 * patron-file.ts; their test is with that module.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureBaseline } from '../../../main/agent/wipe/baseline.js';
import { EXCHANGE_LOOP, raceScene } from '../../support/patron-racer.js';
import { removeTree } from '../../support/tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../main/cli.js');
const ROUNDS = Number(process.env.TSE_ROUNDS ?? 20);
const FILES = 100;
/** Far above a plan of this home (well under a second); a blocked read never ends at all. */
const LIMIT_MS = 30_000;

test('case 7: files swapped for FIFOs while the reset planner hashes them: planning never blocks', { timeout: 900_000 }, (t) =>
  raceScene(t, 'tabula-sec7-', async ({ round: roundDir, give, racing }) => {
    let hung = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { dir, home } = roundDir(round);
      const app = path.join(home, '.config', 'app');
      const fifos = path.join(home, '.fifos');
      mkdirSync(app, { recursive: true });
      mkdirSync(fifos);
      const names = Array.from({ length: FILES }, (_, i) => `f${i}`);
      for (const n of names) writeFileSync(path.join(app, n), `aaaa ${n}\n`);
      const state = path.join(dir, 'state');
      captureBaseline(home, state);
      for (const n of names) writeFileSync(path.join(app, n), `bbbb ${n}\n`); // same size: the planner hashes it
      execFileSync(
        'mkfifo',
        names.map((n) => path.join(fifos, n)),
      );
      give([home, path.join(home, '.config'), app, fifos, ...names.flatMap((n) => [path.join(app, n), path.join(fifos, n)])]);

      const r = await racing(
        EXCHANGE_LOOP,
        names.flatMap((n) => [path.join(app, n), path.join(fifos, n)]),
        () =>
          spawnSync(process.execPath, [CLI, 'plan', '--home', home, '--state', state, '--mode', 'reset', '--json'], {
            encoding: 'utf8',
            timeout: LIMIT_MS,
          }),
      );
      if (r.status === null) hung++;
      assert.notEqual(r.status, null, `round ${round}: tabula plan did not finish (${r.signal ?? ''})`);
      assert.equal(r.status, 0, `round ${round}: ${r.stderr}`);
      removeTree(dir);
    }
    assert.equal(hung, 0);
  }),
);
