/**
 * Issue 9, case 6: bind mounts of the same disk (same st_dev) inside a home are never entered,
 * whether the plan knows them (mountinfo) or not (the executor checks mount IDs itself: a plan
 * made with an empty mount list). A bind mount at Downloads/mnt and a bind mount as Downloads:
 * the staff folders behind them are intact, and the outcome is not `clean`.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { plan } from '../../../main/agent/wipe/plan/planner.js';
import type { Selection } from '../../../main/agent/wipe/types.js';
import { changedEntries, makeStaffTree, snapshotStrict } from '../../support/patron-racer.js';
import { needRoot, skipOrFail } from '../../support/skip.js';
import { removeTree, tempDir } from '../../support/tree.js';

function canMount(t: TestContext): boolean {
  if (process.platform !== 'linux') return skipOrFail(t, 'bind mounts: Linux only');
  return needRoot(t, 'mount --bind');
}

for (const known of [true, false]) {
  for (const where of ['Downloads/mnt', 'Downloads'] as const) {
    test(`case 6: a bind mount ${where === 'Downloads' ? 'as' : 'at'} ${where} (${known ? "in the plan's mount list" : 'unknown to the plan'}) is not entered`, async (t) => {
      if (!canMount(t)) return;
      const base = tempDir('tabula-sec6-');
      const target = path.join(base, 'home', where);
      let mounted = false;
      try {
        const staff = path.join(base, 'staff');
        makeStaffTree(staff, ['a', 'b'], 3);
        mkdirSync(target, { recursive: true });
        writeFileSync(path.join(base, 'home', 'Downloads', 'patron.pdf'), 'patron');
        execFileSync('mount', ['--bind', staff, target]);
        mounted = true;
        const before = snapshotStrict(staff);
        const selection: Selection = {
          platform: 'linux',
          mode: 'clean',
          targets: [{ home: path.join(base, 'home'), tempRoots: [] }],
          categories: ['downloads'],
          stateDir: path.join(base, 'state'),
        };
        const thePlan = plan(selection, { catalog: CATALOG, knownHomes: [], ...(known ? {} : { mounts: [] }) });
        const summary = await execute(thePlan, { dryRun: false });
        assert.deepEqual(changedEntries(before, snapshotStrict(staff)), [], 'nothing behind the bind mount changed');
        assert.notEqual(summary.outcome, 'clean');
        assert.ok(
          summary.failures.some((f) => f.code === 'E_MOUNT'),
          JSON.stringify(summary.failures),
        );
        if (where === 'Downloads/mnt')
          assert.deepEqual(readdirSync(path.join(base, 'home', 'Downloads')), ['mnt'], 'the download beside the mount is gone');
      } finally {
        if (mounted) execFileSync('umount', [target]);
        removeTree(base);
      }
    });
  }
}
