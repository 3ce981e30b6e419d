/**
 * Issue 9, case 2: a patron process watches its home for the graveyard, renames it away and puts
 * a link to a root-only folder in its place, in a loop, while root wipes. Root must never rename
 * a patron file into any folder but the graveyard it made: the graveyard is kept out of folders
 * the patron can rename entries of where possible (the home's root-owned parent), and is always
 * used through its descriptor. Two layouts, 20 rounds each: an ordinary home, and a home that is
 * its own mount (a bind mount of itself), where the graveyard has to stay inside the home.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import type { Selection } from '../../../main/agent/wipe/types.js';
import { changedEntries, makeStaffTree, raceScene, snapshotStrict } from '../../support/patron-racer.js';
import { removeTree } from '../../support/tree.js';
import { wipeFor } from '../../support/wipe-run.js';

const ROUNDS = Number(process.env.TSE_ROUNDS ?? 20);
const ITEMS = 300;

/** args: home, target. Any graveyard seen in the home is renamed away and replaced by a link to target. */
const GRAVEYARD_SWAP = `
home, target = args
while True:
    try:
        names = os.listdir(home)
    except OSError:
        continue
    for n in names:
        if n.startswith(b'.tabula-graveyard-') and not n.endswith(b'x'):
            g = os.path.join(home, n)
            try:
                os.rename(g, g + b'x')
                os.symlink(target, g)
            except OSError:
                pass
`;

for (const layout of ['ordinary home', 'home that is its own mount'] as const) {
  test(`case 2 (${layout}): the graveyard swapped for a link to a root-only folder: nothing lands there`, { timeout: 300_000 }, (t) =>
    raceScene(t, 'tabula-sec2-', async ({ base, round: roundDir, give, racing }) => {
      const mounted: string[] = [];
      try {
        const rootOnly = path.join(base, 'apt.conf.d'); // as a `*.d` folder root reads
        const staff = path.join(base, 'staff');
        mkdirSync(rootOnly, { mode: 0o700 });
        writeFileSync(path.join(rootOnly, '0'), 'root config\n', { mode: 0o644 });
        makeStaffTree(staff, ['s'], 3);
        const rootOnlyBefore = snapshotStrict(rootOnly);
        const staffBefore = snapshotStrict(staff);
        let inHome = 0;
        let orphans = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const { dir, home } = roundDir(round);
          mkdirSync(path.join(home, 'Downloads'));
          if (layout !== 'ordinary home') {
            execFileSync('mount', ['--bind', home, home]);
            mounted.push(home);
          }
          const names = Array.from({ length: ITEMS }, (_, i) => String(i));
          for (const n of names) writeFileSync(path.join(home, 'Downloads', n), `patron ${n}\n`);
          give([home, path.join(home, 'Downloads'), ...names.map((n) => path.join(home, 'Downloads', n))]);

          const selection: Selection = {
            platform: 'linux',
            mode: 'clean',
            targets: [{ home, tempRoots: [] }],
            categories: ['downloads'],
            stateDir: path.join(dir, 'state'),
          };
          const summary = await racing(GRAVEYARD_SWAP, [home, rootOnly], () => wipeFor(selection, CATALOG));
          assert.deepEqual(
            changedEntries(rootOnlyBefore, snapshotStrict(rootOnly)),
            [],
            `round ${round}: root renamed patron files into a root-only folder`,
          );
          assert.deepEqual(changedEntries(staffBefore, snapshotStrict(staff)), [], `round ${round}: the staff tree changed`);
          assert.deepEqual(readdirSync(path.join(home, 'Downloads')), [], `round ${round}: every download is gone`);
          assert.equal(summary.outcome, 'clean', `round ${round}: ${JSON.stringify(summary.failures)}`);
          const left = readdirSync(home).filter((n) => n.startsWith('.tabula-graveyard-'));
          if (left.length > 0) inHome++;
          // What the racer left: its links, and at most an empty root-owned 0700 folder — a graveyard it
          // renamed between its mkdir and its open (then refused: the items were deleted in place).
          for (const n of left.filter((n) => !lstatSync(path.join(home, n)).isSymbolicLink())) {
            const st = lstatSync(path.join(home, n));
            assert.deepEqual(
              [readdirSync(path.join(home, n)), st.uid, st.mode & 0o7777],
              [[], 0, 0o700],
              `round ${round}: a graveyard with content is left`,
            );
            orphans++;
          }
          if (layout === 'ordinary home') {
            assert.deepEqual(
              readdirSync(dir).filter((n) => n.startsWith('.tabula-graveyard-')),
              [],
              'the graveyard beside the home is removed',
            );
          }
          if (mounted.length > 0) execFileSync('umount', [mounted.pop() as string]);
          removeTree(dir);
        }
        console.log(
          `case 2 (${layout}): the racer swapped a graveyard in the home in ${inHome} of ${ROUNDS} rounds; ${orphans} empty one(s) left`,
        );
      } finally {
        for (const m of mounted) execFileSync('umount', [m]);
      }
    }),
  );
}
