/** `tabula wipe --account NAME` on a real account of this computer (needs root to create it). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layout, removeTree, tempDir } from '../support/tree.js';
import { needRoot } from '../support/skip.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/cli.js');

test('wipes a real patron account and its own temp entries only; refuses root', (t) => {
  if (!needRoot(t, 'creating a real account')) return;
  const name = `tabulat${process.pid % 100000}`;
  const base = tempDir();
  execFileSync('useradd', ['-m', '-d', path.join(base, 'home', name), '-s', '/bin/sh', name]);
  try {
    const home = path.join(base, 'home', name);
    const temp = path.join(base, 'tmp');
    layout(home, { 'Downloads/a.pdf': 'patron', '.config/chromium/Default/History': 'patron', '.profile': 'skeleton' });
    layout(temp, { 'patron.tmp': 'patron', 'system.tmp': 'root owned' });
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }));
    execFileSync('chown', ['-R', `${uid}`, home]);
    chownSync(path.join(temp, 'patron.tmp'), uid, uid);
    writeFileSync(path.join(base, 'outside.txt'), 'outside');

    const r = spawnSync(process.execPath, [CLI, 'wipe', '--account', name, '--temp', temp, '--state', path.join(base, 'state'), '--json'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.categories.downloads.items, 1);
    assert.equal(summary.categories.temp.items, 1);
    assert.ok(!existsSync(path.join(home, 'Downloads/a.pdf')));
    assert.ok(!existsSync(path.join(home, '.config/chromium/Default/History')));
    assert.equal(readFileSync(path.join(home, '.profile'), 'utf8'), 'skeleton');
    assert.ok(!existsSync(path.join(temp, 'patron.tmp')));
    assert.ok(existsSync(path.join(temp, 'system.tmp')), 'entries of other users stay');
    assert.ok(!r.stdout.includes(name) && !r.stderr.includes(name), 'no username in output');

    const root = spawnSync(process.execPath, [CLI, 'wipe', '--account', 'root', '--state', path.join(base, 'state')], { encoding: 'utf8' });
    assert.equal(root.status, 3);
    assert.match(root.stderr, /E_ACCOUNT_REFUSED/);
  } finally {
    spawnSync('userdel', [name]);
    removeTree(base);
  }
});
