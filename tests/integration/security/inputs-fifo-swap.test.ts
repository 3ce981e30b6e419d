/**
 * Issue 9 case 7 (the blocking part): between the planner's lstat and its read, a patron process
 * swaps `profiles.ini` or `user-dirs.dirs` for a symlink to a FIFO, or for a FIFO: the read by path
 * blocked for good (`tabula plan` hung in 3 of 40 runs). Now patron files are opened with
 * O_NOFOLLOW|O_NONBLOCK and checked to be regular: every run finishes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from '../../support/agent-process.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';

const ROUNDS = 40;

/** The patron's racing process: swaps each file between regular, a link to a FIFO and a FIFO (hard link), forever. */
const SWAPPER = `
const fs = require('node:fs');
const [fifo, ...files] = process.argv.slice(1);
let n = 0;
for (;;) {
  for (const f of files) {
    const tmp = f + '.swap';
    try {
      fs.rmSync(tmp, { force: true });
      if (n % 3 === 0) fs.writeFileSync(tmp, '[Profile0]\\nPath=abcd.default-release\\nXDG_DOWNLOAD_DIR="$HOME/Downloads"\\n');
      else if (n % 3 === 1) fs.symlinkSync(fifo, tmp);
      else fs.linkSync(fifo, tmp);
      fs.renameSync(tmp, f);
    } catch {}
  }
  n++;
}
`;

test(
  `a patron process swapping profiles.ini and user-dirs.dirs for FIFOs never blocks the planner (${ROUNDS} rounds)`,
  { timeout: 600_000 },
  async () => {
    const base = tempDir('tabula-fifo-');
    const root = process.geteuid?.() === 0;
    const name = `tsi${process.pid % 100000}f`;
    let swapper: ReturnType<typeof spawn> | undefined;
    try {
      chmodSync(base, 0o755);
      const home = path.join(base, 'home');
      layout(home, {
        '.profile': 'skeleton',
        'Downloads/ticket.pdf': 'patron download',
        '.mozilla/firefox/abcd.default-release/cookies.sqlite': 'patron cookies',
        '.config/mozilla/firefox/abcd.default-release/cookies.sqlite': 'patron cookies',
      });
      const fifo = path.join(home, '.fifo');
      execFileSync('mkfifo', [fifo]);
      const files = [
        path.join(home, '.mozilla/firefox/profiles.ini'),
        path.join(home, '.config/mozilla/firefox/profiles.ini'),
        path.join(home, '.config/user-dirs.dirs'),
      ];
      for (const f of files) writeFileSync(f, '[Profile0]\nPath=abcd.default-release\n');
      let ids: { uid: number; gid: number } | undefined;
      if (root) {
        execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', name]);
        ids = {
          uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' })),
        };
        execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, home]);
        chownSync(fifo, ids.uid, ids.gid);
      }
      mkdirSync(path.join(base, 'state'), { mode: 0o700 });
      swapper = spawn(process.execPath, ['-e', SWAPPER, fifo, ...files], { stdio: 'ignore', ...(ids ?? {}) });
      let hung = 0;
      let badFile = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const r = spawnSync(process.execPath, [CLI, 'plan', '--home', home, '--state', path.join(base, 'state'), '--json'], {
          encoding: 'utf8',
          timeout: 20_000,
          killSignal: 'SIGKILL',
        });
        if (r.signal !== null || r.status === null) {
          hung++;
          continue;
        }
        assert.ok(r.status === 0 || r.status === 1, `plan exits 0 or 1, not ${r.status}: ${r.stderr.slice(0, 300)}`);
        if (r.stdout.includes('E_BAD_FILE')) badFile++;
      }
      process.stderr.write(`# ${ROUNDS} plans under a FIFO swapper: ${hung} hung, ${badFile} reported E_BAD_FILE\n`);
      assert.equal(hung, 0, `${hung} of ${ROUNDS} plans blocked on a FIFO`);
      assert.ok(badFile > 0, 'the swapped-in FIFOs were seen (and counted) at least once');
    } finally {
      if (swapper && swapper.exitCode === null && swapper.signalCode === null) {
        const exited = new Promise((r) => swapper?.once('exit', r));
        swapper.kill('SIGKILL');
        await exited; // userdel refuses an account that still runs a process
      }
      if (root) spawnSync('userdel', [name]);
      removeTree(base);
    }
  },
);
