/**
 * Issue 9 case 5: the agent adopted a patron-created state folder (it chmod'ed it, the owner stayed
 * the patron); a planted `journal.key` and a dirty journal entry naming a staff home made the
 * start-up recovery wipe that home. Now the state directory must be owned by root (the agent's own
 * uid when it runs unprivileged) and not writable by group or others, up to `/`: the agent and every
 * CLI command that uses it refuse to start (E_STATE, naming the problem and the fix). And the
 * recovery never wipes a stored home that is another account's home (defence in depth).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { needRoot } from '../../support/skip.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { identitySnapshot, snapshotDiff } from '../../support/tree-identity.js';

const STAFF_FILES = {
  'Downloads/payroll.pdf': 'staff payroll',
  'Desktop/notes.txt': 'staff notes',
  '.config/chromium/Default/History': 'staff history',
  '.mozilla/firefox/s.default-release/cookies.sqlite': 'staff cookies',
};

/** A journal (and its key) with a dirty explicit-roots entry for `home`, as the agent would write it. */
function plantJournal(state: string, home: string): void {
  const secret = randomBytes(32);
  writeFileSync(path.join(state, 'journal.key'), secret.toString('hex') + '\n', { mode: 0o600 });
  const key = 'r-' + createHmac('sha256', secret).update(`roots\0${home}`).digest('hex').slice(0, 32);
  const at = new Date().toISOString();
  const entries = { [key]: { state: 'dirty', since: at, updated: at, attempts: 0, roots: { home, temp: [] } } };
  writeFileSync(path.join(state, 'journal.json'), JSON.stringify({ version: 1, entries }), { mode: 0o600 });
}

function waitExit(child: ReturnType<typeof startAgentProcess>, ms: number): Promise<number | null | 'running'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve('running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function accounts(tag: string, staffBase: string): { patron: string; staff: string; staffHome: string } {
  const patron = `${tag}p`;
  const staff = `${tag}s`;
  const staffHome = path.join(staffBase, staff);
  execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', patron]);
  execFileSync('useradd', ['-m', '-d', staffHome, '-s', '/bin/sh', staff]);
  layout(staffHome, STAFF_FILES);
  execFileSync('chown', ['-R', `${staff}:${staff}`, staffHome]);
  return { patron, staff, staffHome };
}

test(
  'a patron-owned state directory with a planted journal: the agent and the CLI refuse it; the staff home is unchanged',
  { timeout: 120_000 },
  async (t) => {
    if (!needRoot(t, 'a patron-owned state directory')) return;
    const tag = `tsi${process.pid % 100000}`;
    const staffBase = tempDir('tabula-staff-');
    const work = tempDir('tabula-case5-');
    let names: ReturnType<typeof accounts> | undefined;
    let child: ReturnType<typeof startAgentProcess> | undefined;
    try {
      chmodSync(staffBase, 0o755);
      chmodSync(work, 0o755);
      names = accounts(tag, staffBase);
      const state = path.join(work, 'state');
      mkdirSync(state, { mode: 0o755 });
      plantJournal(state, names.staffHome);
      execFileSync('chown', ['-R', `${names.patron}:${names.patron}`, state]);
      const config = path.join(work, 'config.json');
      writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
      const before = identitySnapshot(names.staffHome);

      child = startAgentProcess(state, config);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = await waitExit(child, 20_000);
      if (exit === 'running') await waitStatus(state, (s) => s.ready, 20_000).catch(() => undefined); // the old behaviour: let recovery run
      await stopAgentProcess(child);
      child = undefined;
      assert.deepEqual(snapshotDiff(before, identitySnapshot(names.staffHome)), [], 'the staff home is unchanged');
      assert.notEqual(exit, 'running', 'the agent refuses to start');
      assert.notEqual(exit, 0);
      assert.match(stderr, /E_STATE/);
      assert.match(stderr, /owned by/, 'the error names the problem');
      assert.match(stderr, /chown/, 'and the fix');
      assert.ok(!stderr.includes(names.staffHome) && !stderr.includes(names.patron), 'no path or name in the error');

      for (const args of [['status'], ['wipe', '--home', names.staffHome, '--dry-run'], ['session', 'start', '--home', names.staffHome]]) {
        const r = spawnSync(process.execPath, [CLI, ...args, '--state', state, '--json'], { encoding: 'utf8' });
        assert.notEqual(r.status, 0, `${args[0]} refuses the state directory`);
        assert.match(r.stdout + r.stderr, /E_STATE/, `${args[0]}: ${r.stdout} ${r.stderr}`);
      }
      // A state directory others can write is refused too, even when root owns it.
      execFileSync('chown', ['-R', 'root:root', state]);
      chmodSync(state, 0o777);
      const open = spawnSync(process.execPath, [CLI, 'status', '--state', state], { encoding: 'utf8' });
      assert.notEqual(open.status, 0);
      assert.match(open.stderr, /E_STATE.*writable/);
      assert.deepEqual(snapshotDiff(before, identitySnapshot(names.staffHome)), [], 'the staff home is still unchanged');
    } finally {
      if (child) await stopAgentProcess(child);
      if (names) {
        spawnSync('userdel', [names.patron]);
        spawnSync('userdel', ['-r', names.staff]);
      }
      removeTree(staffBase);
      removeTree(work);
    }
  },
);

test(
  "a root-owned journal whose dirty entry names another account's home: recovery refuses it and touches nothing",
  { timeout: 120_000 },
  async (t) => {
    if (!needRoot(t, 'a real staff account')) return;
    const tag = `tsi${(process.pid + 1) % 100000}`;
    const staffBase = tempDir('tabula-staff-');
    const work = tempDir('tabula-case5b-');
    let names: ReturnType<typeof accounts> | undefined;
    let child: ReturnType<typeof startAgentProcess> | undefined;
    try {
      chmodSync(staffBase, 0o755);
      names = accounts(tag, staffBase);
      const state = path.join(work, 'state');
      mkdirSync(state, { mode: 0o700 });
      plantJournal(state, names.staffHome);
      const config = path.join(work, 'config.json');
      writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
      const before = identitySnapshot(names.staffHome);
      child = startAgentProcess(state, config);
      const status = await waitStatus(state, (s) => s.ready, 60_000);
      await stopAgentProcess(child);
      child = undefined;
      assert.deepEqual(snapshotDiff(before, identitySnapshot(names.staffHome)), [], 'the staff home is unchanged');
      const last = status.last.at(-1);
      assert.equal(last?.trigger, 'recovery');
      assert.equal(last?.code, 'E_ROOT_REFUSED', JSON.stringify(last));
      assert.notEqual(last?.outcome, 'clean');
    } finally {
      if (child) await stopAgentProcess(child);
      if (names) {
        spawnSync('userdel', [names.patron]);
        spawnSync('userdel', ['-r', names.staff]);
      }
      removeTree(staffBase);
      removeTree(work);
    }
  },
);
