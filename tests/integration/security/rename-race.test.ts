/**
 * Issue 9, case 1: a patron process exchanges ~/Downloads with a link to a root-owned staff
 * folder (renameat2 RENAME_EXCHANGE, in a loop) while root wipes. The staff folder holds entries
 * named like the patron's downloads. Every rename into the graveyard must act on the folder the
 * plan pinned (by descriptor from the root), never on whatever the path resolves to by then.
 * 20 rounds; each: nothing of the staff tree changed (content, owner, mode, inode of every
 * entry), nothing created in a root-only folder, the wipe finished, and `clean` only when the
 * wipe had no failure (an item left because it changed under the wipe is never clean).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { changedEntries, EXCHANGE_LOOP, makeStaffTree, raceScene, snapshotStrict } from '../../support/patron-racer.js';
import { removeTree } from '../../support/tree.js';
import { wipeFor } from '../../support/wipe-run.js';
import type { Selection } from '../../../main/agent/wipe/types.js';

const ROUNDS = Number(process.env.TSE_ROUNDS ?? 20);
const ITEMS = 1000;

test(
  'case 1: Downloads exchanged with a link to a staff folder during the wipe: no staff entry is moved or deleted',
  { timeout: 300_000 },
  (t) =>
    raceScene(t, 'tabula-sec1-', async ({ base, round: roundDir, give, racing }) => {
      const names = Array.from({ length: ITEMS }, (_, i) => `d${i}`);
      const staff = path.join(base, 'staff');
      const rootOnly = path.join(base, 'root-only');
      makeStaffTree(staff, names, 1);
      mkdirSync(rootOnly, { mode: 0o700 });
      const staffBefore = snapshotStrict(staff);
      const rootOnlyBefore = snapshotStrict(rootOnly);
      let broken = 0;
      let raced = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { dir, home } = roundDir(round);
        mkdirSync(path.join(home, 'Downloads'));
        for (const name of names) writeFileSync(path.join(home, 'Downloads', name), `patron ${name}\n`);
        const swap = path.join(home, 'Downloads.swap');
        symlinkSync(staff, swap);
        give([home, path.join(home, 'Downloads'), ...names.map((n) => path.join(home, 'Downloads', n)), swap]);

        const selection: Selection = {
          platform: 'linux',
          mode: 'clean',
          targets: [{ home, tempRoots: [] }],
          categories: ['downloads'],
          stateDir: path.join(dir, 'state'),
        };
        const summary = await racing(EXCHANGE_LOOP, [path.join(home, 'Downloads'), swap], () => wipeFor(selection, CATALOG));
        const changed = changedEntries(staffBefore, snapshotStrict(staff));
        if (changed.length > 0) broken++;
        assert.deepEqual(changed, [], `round ${round}: the staff tree changed`);
        assert.deepEqual(changedEntries(rootOnlyBefore, snapshotStrict(rootOnly)), [], `round ${round}: a root-only folder changed`);
        // `clean` only with no failure: an item left because it changed under the wipe is never clean.
        assert.equal(summary.outcome === 'clean', summary.failures.length === 0, `round ${round}: outcome vs failures`);
        if (summary.failures.some((f) => f.code === 'E_IDENTITY_CHANGED')) raced++;
        removeTree(dir);
      }
      assert.equal(broken, 0);
      console.log(`case 1: ${raced} of ${ROUNDS} rounds saw a swap (E_IDENTITY_CHANGED)`);
    }),
);
