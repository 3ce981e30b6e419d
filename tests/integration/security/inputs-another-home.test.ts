/**
 * Issue 9 case 3: a guest account whose home sits in a folder it can rename entries of
 * (`/tmp/<guest-home>`, as display managers' guest sessions do) replaces its home with a symlink
 * to a staff home. `tabula wipe --account guest` and the agent (on the guest's logout) wiped the
 * staff home. Now a home root must be a real folder owned by its account, reached through no
 * patron-controlled link, and not inside a system folder or another account's home: the wipe is
 * refused (exit 3, E_ROOT_REFUSED, no path in the output) and every entry of the staff home is
 * unchanged (content, owner, mode, inode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { CLI, startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { needRoot } from '../../support/skip.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { identitySnapshot, snapshotDiff } from '../../support/tree-identity.js';

const STAFF_FILES = {
  'Downloads/payroll.pdf': 'staff payroll',
  'Desktop/notes.txt': 'staff notes',
  'Documents/board-minutes.odt': 'minutes',
  '.config/chromium/Default/History': 'staff history',
  '.config/chromium/Default/Cookies': 'staff cookies',
  '.mozilla/firefox/profiles.ini': '[Profile0]\nPath=s.default-release\n',
  '.mozilla/firefox/s.default-release/cookies.sqlite': 'staff cookies',
  '.cache/thumbnails/normal/a.png': 'thumb',
  '.local/share/Trash/files/old.txt': 'trash',
};

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test(
  'a guest home swapped for a link to a staff home or a system folder is refused by the CLI and the agent',
  { timeout: 180_000 },
  async (t) => {
    if (!needRoot(t, 'real guest and staff accounts')) return;
    const tag = `tsi${process.pid % 100000}`;
    const guest = `${tag}g`;
    const staff = `${tag}s`;
    const staffBase = tempDir('tabula-staff-');
    const work = tempDir('tabula-case3-');
    const guestHome = path.join('/tmp', `${guest}-home`);
    const moved = `${guestHome}.old`;
    let child: ReturnType<typeof startAgentProcess> | undefined;
    try {
      chmodSync(staffBase, 0o755);
      const staffHome = path.join(staffBase, staff);
      execFileSync('useradd', ['-m', '-d', staffHome, '-s', '/bin/sh', staff]);
      execFileSync('useradd', ['-m', '-d', guestHome, '-s', '/bin/sh', guest]);
      layout(staffHome, STAFF_FILES);
      execFileSync('chown', ['-R', `${staff}:${staff}`, staffHome]);
      layout(guestHome, { 'Downloads/guest.pdf': 'guest download' });
      execFileSync('chown', ['-R', `${guest}:${guest}`, guestHome]);
      const state = path.join(work, 'state');
      mkdirSync(state, { mode: 0o700 });

      // The untouched guest home in /tmp is a patron home like any other.
      const fine = cli('plan', '--account', guest, '--state', state, '--json');
      assert.equal(fine.status, 0, fine.stderr);

      const before = identitySnapshot(staffHome);
      // The attack, as the guest itself: /tmp is sticky, but the guest owns its home's entry there.
      const swapTo = (target: string) =>
        execFileSync('runuser', [
          '-u',
          guest,
          '--',
          'sh',
          '-c',
          `{ [ -L "$0" ] && rm "$0"; } || mv "$0" "$1"; ln -s "$2" "$0"`,
          guestHome,
          moved,
          target,
        ]);
      swapTo(staffHome);

      const wiped = cli('wipe', '--account', guest, '--state', state, '--json', '--no-close-browsers');
      assert.equal(wiped.status, 3, `exit 3 (refused): ${wiped.stderr}`);
      const answer = JSON.parse(wiped.stdout) as { ok: boolean; code: string; message: string };
      assert.equal(answer.code, 'E_ROOT_REFUSED');
      for (const text of [wiped.stdout, wiped.stderr]) {
        assert.ok(
          !text.includes(staffHome) && !text.includes(guestHome) && !text.includes(guest) && !text.includes(staff),
          'no path or name in the output',
        );
      }
      const byHome = cli('wipe', '--home', guestHome, '--state', state, '--json', '--no-close-browsers');
      assert.equal(byHome.status, 3, `--home through the guest's link is refused too: ${byHome.stderr}`);
      assert.deepEqual(snapshotDiff(before, identitySnapshot(staffHome)), [], 'the staff home is unchanged after the CLI');

      // The agent, on the guest's own logout.
      const config = path.join(work, 'config.json');
      writeFileSync(config, JSON.stringify({ accounts: [guest], closeBrowsers: false }));
      child = startAgentProcess(state, config);
      await waitStatus(state, (s) => s.ready);
      const ended = await callAgent(state, { type: 'sessionEnd', account: guest, trigger: 'logout', wait: true }, { timeoutMs: 60_000 });
      assert.ok(ended.ok, JSON.stringify(ended));
      const result = (ended.result as { result?: WipeResult }).result;
      assert.equal(result?.code, 'E_ROOT_REFUSED', JSON.stringify(result));
      assert.notEqual(result?.outcome, 'clean');
      assert.equal(result?.items, 0);
      await stopAgentProcess(child);
      child = undefined;
      assert.deepEqual(snapshotDiff(before, identitySnapshot(staffHome)), [], 'the staff home is unchanged after the agent');

      // Links to other accounts' and system folders (looked at with `plan` only: nothing is removed even before the fix).
      for (const target of ['/root/.config', '/var/mail', '/var/backups', '/root']) {
        if (!existsSync(target)) continue;
        swapTo(target);
        const r = cli('plan', '--account', guest, '--state', state, '--json');
        assert.equal(r.status, 3, `a guest home linked to ${target} is refused: ${r.stdout} ${r.stderr}`);
        assert.match(r.stdout, /E_ROOT_REFUSED/);
      }
    } finally {
      if (child) await stopAgentProcess(child);
      try {
        rmSync(guestHome, { force: true }); // the link (never followed: rmSync unlinks a link)
      } catch {
        // a real folder again: userdel -r removes it
      }
      if (existsSync(moved)) execFileSync('mv', ['-T', moved, guestHome]);
      spawnSync('userdel', ['-r', guest]);
      spawnSync('userdel', ['-r', staff]);
      removeTree(staffBase);
      removeTree(work);
    }
  },
);
