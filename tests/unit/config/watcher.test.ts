/** Live reload: a bad new configuration is refused and counted; the last good one stays (also across a restart). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigWatcher } from '../../../main/agent/config/watcher.js';
import { removeTree, tempDir } from '../../support/tree.js';

const waitFor = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('the watcher applies good changes, keeps the last good configuration on a bad one, and counts it', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'config.json');
  const state = path.join(dir, 'state');
  writeFileSync(file, JSON.stringify({ accounts: ['patron'], mode: 'clean' }));
  const watcher = new ConfigWatcher({ file, stateDir: state, platform: 'linux', pollMs: 50, policy: async () => undefined });
  const changes: string[] = [];
  watcher.onChange((c) => changes.push(c.mode ?? '?'));
  try {
    const first = await watcher.start();
    assert.equal(first.config.mode, 'clean');
    assert.equal(first.errors, 0);

    writeFileSync(file, JSON.stringify({ accounts: ['patron'], mode: 'reset' }));
    await waitFor(() => watcher.current.config.mode === 'reset');

    writeFileSync(file, '{"accounts": ["patron"], "mode": "wipe-everything"}');
    await waitFor(() => watcher.current.errors === 1);
    await new Promise((r) => setTimeout(r, 300)); // several polls of the same bad file count once
    assert.equal(watcher.current.errors, 1);
    assert.equal(watcher.current.config.mode, 'reset', 'the last good configuration stays');
    assert.deepEqual(watcher.current.lastProblems, [`${file}: /mode: expected one of "auto", "clean", "reset", got "wipe-everything"`]);

    writeFileSync(file, '{ broken');
    await waitFor(() => watcher.current.errors === 2);
    assert.equal(watcher.current.config.mode, 'reset');

    writeFileSync(file, JSON.stringify({ accounts: ['patron', 'patron2'], mode: 'clean' }));
    await waitFor(() => watcher.current.config.mode === 'clean');
    assert.deepEqual(watcher.current.config.accounts, ['patron', 'patron2']);
    assert.deepEqual(changes, ['clean', 'reset', 'clean']);
  } finally {
    watcher.stop();
  }

  // A restart on a broken file runs on the last good configuration kept in the state directory.
  writeFileSync(file, '{"idle": {"timeoutSec": "5m"}}');
  const again = new ConfigWatcher({ file, stateDir: state, platform: 'linux', pollMs: 50, policy: async () => undefined });
  try {
    const started = await again.start();
    assert.equal(started.from, 'last-good');
    assert.deepEqual(started.config.accounts, ['patron', 'patron2']);
    assert.equal(started.errors, 1);
  } finally {
    again.stop();
    removeTree(dir);
  }
});

test('an extra check (account vetting) can refuse a configuration', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ accounts: ['patron'] }));
  const watcher = new ConfigWatcher({
    file,
    platform: 'linux',
    pollMs: 50,
    policy: async () => undefined,
    check: async (loaded) => (loaded.config.accounts?.includes('admin') ? [`${file}: /accounts/1: refused`] : []),
  });
  try {
    await watcher.start();
    writeFileSync(file, JSON.stringify({ accounts: ['patron', 'admin'] }));
    await waitFor(() => watcher.current.errors === 1);
    assert.deepEqual(watcher.current.config.accounts, ['patron']);
  } finally {
    watcher.stop();
    removeTree(dir);
  }
});
