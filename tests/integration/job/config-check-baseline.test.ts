/**
 * `tabula config check` and `tabula status` (no agent) on a real patron account (useradd, root):
 * without a captured baseline they say so — by list position and counts, never the account name —
 * and after `tabula baseline capture --account NAME` they do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { needRoot } from '../../support/skip.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { AGENT_CLI } from '../report/dashboard-child.js';

const tabula = (args: string[]) => spawnSync(process.execPath, [AGENT_CLI, ...args], { encoding: 'utf8' });

test('config check and status name a patron account without a baseline (by position), until it is captured', { timeout: 60_000 }, (t) => {
  if (!needRoot(t, 'creating a real patron account (useradd)')) return;
  const name = `toj${process.pid}`;
  const base = tempDir('tabula-job-check-');
  const home = path.join(base, 'home', name);
  const config = path.join(base, 'config.json');
  const state = path.join(base, 'state');
  layout(base, { 'home/': '' });
  execFileSync('useradd', ['-m', '-d', home, '-s', '/bin/sh', name]);
  try {
    writeFileSync(config, JSON.stringify({ accounts: [name] }), { mode: 0o600 });
    const check = () => {
      const r = tabula(['config', 'check', '--config', config, '--state', state, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!r.stdout.includes(name), 'no account name in the output');
      return (JSON.parse(r.stdout) as { warnings: string[] }).warnings.filter((w) => w.includes('baseline'));
    };
    const status = () => {
      const r = tabula(['status', '--config', config, '--state', state, '--json']);
      assert.ok(!r.stdout.includes(name));
      return JSON.parse(r.stdout) as { agent: string; baseline: unknown };
    };
    assert.deepEqual(check(), [
      '/accounts/0: no baseline captured, so its session ends are catalogue wipes only, weaker than a reset; set the account up, then run `tabula baseline capture --account NAME`',
    ]);
    const before = status();
    assert.equal(before.agent, 'not-running');
    assert.deepEqual(before.baseline, { mode: 'auto', captured: 0, missing: 1 });
    assert.match(tabula(['status', '--config', config, '--state', state]).stdout, /baseline: NONE for 1 of 1 patron account/);

    const captured = tabula(['baseline', 'capture', '--account', name, '--config', config, '--state', state, '--json']);
    assert.equal(captured.status, 0, captured.stderr);
    assert.deepEqual(check(), []);
    assert.deepEqual(status().baseline, { mode: 'auto', captured: 1, missing: 0 });

    writeFileSync(config, JSON.stringify({ accounts: [name], mode: 'clean' }), { mode: 0o600 });
    assert.deepEqual(status().baseline, { mode: 'clean', captured: 1, missing: 0 });
    assert.match(
      tabula(['status', '--config', config, '--state', state]).stdout,
      /baseline: mode clean, every session end is a catalogue wipe/,
    );
  } finally {
    spawnSync('userdel', ['-r', name], { encoding: 'utf8' });
    removeTree(base);
  }
});
