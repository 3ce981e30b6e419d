/**
 * Issue 9, case 4: in reset mode, after the changed files of a folder are moved away, a patron
 * process exchanges that folder with a link to a root-only folder (renameat2 RENAME_EXCHANGE, in
 * a loop); root then restores the baseline's files. They must be created only in the pinned
 * folder, never through the link: 20 rounds, nothing created or changed in the root-only folder
 * or the staff tree, the wipe finishes, and `clean` only without failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { captureBaseline } from '../../../main/agent/wipe/baseline.js';
import type { Selection } from '../../../main/agent/wipe/types.js';
import { changedEntries, EXCHANGE_LOOP, makeStaffTree, raceScene, snapshotStrict } from '../../support/patron-racer.js';
import { removeTree } from '../../support/tree.js';
import { wipeFor } from '../../support/wipe-run.js';

const ROUNDS = Number(process.env.TSE_ROUNDS ?? 20);
const FILES = 100;

test(
  'case 4: reset restores into a folder exchanged with a link to a root-only folder: nothing is created there',
  { timeout: 300_000 },
  (t) =>
    raceScene(t, 'tabula-sec4-', async ({ base, round: roundDir, give, racing }) => {
      const rootOnly = path.join(base, 'root-only');
      const staff = path.join(base, 'staff');
      mkdirSync(rootOnly, { mode: 0o700 });
      makeStaffTree(staff, ['s'], 3);
      const before = { rootOnly: snapshotStrict(rootOnly), staff: snapshotStrict(staff) };
      let raced = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { dir, home } = roundDir(round);
        const app = path.join(home, '.config', 'app');
        const swap = path.join(home, '.config', 'app.swap');
        mkdirSync(app, { recursive: true });
        const names = Array.from({ length: FILES }, (_, i) => `f${i}`);
        for (const n of names) writeFileSync(path.join(app, n), `baseline ${n}\n`);
        symlinkSync(rootOnly, swap);
        give([home, path.join(home, '.config'), app, ...names.map((n) => path.join(app, n)), swap]);
        const state = path.join(dir, 'state');
        captureBaseline(home, state);
        for (const n of names) writeFileSync(path.join(app, n), `changed by the patron ${n}\n`); // every file differs

        const selection: Selection = { platform: 'linux', mode: 'reset', targets: [{ home, tempRoots: [] }], stateDir: state };
        const summary = await racing(EXCHANGE_LOOP, [app, swap], () => wipeFor(selection, CATALOG));
        assert.deepEqual(
          changedEntries(before.rootOnly, snapshotStrict(rootOnly)),
          [],
          `round ${round}: something was created in the root-only folder`,
        );
        assert.deepEqual(changedEntries(before.staff, snapshotStrict(staff)), [], `round ${round}: the staff tree changed`);
        assert.deepEqual(readdirSync(rootOnly), [], `round ${round}: the root-only folder stays empty`);
        assert.equal(summary.outcome === 'clean', summary.failures.length === 0, `round ${round}: outcome vs failures`);
        if (summary.failures.length > 0) raced++;
        removeTree(dir);
      }
      console.log(`case 4: ${raced} of ${ROUNDS} rounds saw the swap (failures reported, nothing restored through the link)`);
    }),
);
