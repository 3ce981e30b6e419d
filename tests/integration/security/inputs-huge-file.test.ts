/**
 * Issue 9 case 8: a 150 MB `user-dirs.dirs` or `profiles.ini` of newlines made V8 abort
 * (`invalid array length`, rc 134) in `tabula wipe`, so nothing was wiped. Now an over-large
 * patron file is a counted failure (E_BAD_FILE, outcome not clean) and the rest of the wipe goes on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { CLI, startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';

const SIZE = 150 * 1024 * 1024;

/** Writes `bytes` newlines to `file` in 8 MiB chunks (a sparse file would be zeros, not lines). */
function newlines(file: string, bytes: number): void {
  const chunk = Buffer.alloc(8 * 1024 * 1024, 0x0a);
  const fd = openSync(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  } finally {
    closeSync(fd);
  }
}

const cases = [
  { name: 'user-dirs.dirs', rel: '.config/user-dirs.dirs' },
  { name: 'profiles.ini', rel: '.mozilla/firefox/profiles.ini' },
] as const;

for (const c of cases) {
  test(`a 150 MB ${c.name} of newlines is a counted failure; the rest of the home is wiped`, { timeout: 120_000 }, () => {
    const base = tempDir('tabula-huge-');
    try {
      const home = path.join(base, 'home');
      layout(home, {
        '.profile': 'skeleton',
        'Downloads/ticket.pdf': 'patron download',
        '.mozilla/firefox/abcd.default-release/cookies.sqlite': 'patron cookies',
      });
      mkdirSync(path.dirname(path.join(home, c.rel)), { recursive: true });
      const big = path.join(home, c.rel);
      newlines(big, SIZE);
      assert.equal(statSync(big).size, SIZE);

      const r = spawnSync(
        process.execPath,
        [CLI, 'wipe', '--home', home, '--state', path.join(base, 'state'), '--json', '--no-close-browsers'],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      assert.equal(r.signal, null, `not killed by a signal (stderr: ${r.stderr.slice(0, 300)})`);
      assert.equal(r.status, 1, `exit 1: something could not be done (stderr: ${r.stderr.slice(0, 300)})`);
      const summary = JSON.parse(r.stdout) as {
        outcome: string;
        failures: Array<{ code: string; count: number }>;
        categories: Record<string, { items: number }>;
      };
      assert.notEqual(summary.outcome, 'clean');
      assert.ok(
        summary.failures.some((f) => f.code === 'E_BAD_FILE' && f.count >= 1),
        JSON.stringify(summary.failures),
      );
      assert.ok(!existsSync(path.join(home, 'Downloads/ticket.pdf')), 'the download is wiped');
      assert.ok(!existsSync(path.join(home, '.mozilla/firefox/abcd.default-release/cookies.sqlite')), 'the cookies are wiped');
      assert.ok(existsSync(path.join(home, '.profile')), 'the skeleton stays');
      assert.ok(!r.stdout.includes(base) && !r.stderr.includes(base), 'no path in the output');
    } finally {
      for (const c2 of cases) rmSync(path.join(base, 'home', c2.rel), { force: true });
      removeTree(base);
    }
  });
}

test(
  'the agent survives a 150 MB user-dirs.dirs: the session end is a partial wipe and status keeps answering',
  { timeout: 120_000 },
  async () => {
    const base = tempDir('tabula-huge-agent-');
    const state = path.join(base, 'state');
    const config = path.join(base, 'config.json');
    const home = path.join(base, 'home');
    let child: ReturnType<typeof startAgentProcess> | undefined;
    try {
      layout(home, { '.profile': 'skeleton', 'Downloads/ticket.pdf': 'patron download' });
      mkdirSync(path.join(home, '.config'), { recursive: true });
      newlines(path.join(home, '.config', 'user-dirs.dirs'), SIZE);
      writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
      child = startAgentProcess(state, config);
      await waitStatus(state, (s) => s.ready);
      const ended = await callAgent(state, { type: 'sessionEnd', home, temp: [], wait: true }, { timeoutMs: 60_000 });
      assert.ok(ended.ok, JSON.stringify(ended));
      const result = (ended.result as { result?: WipeResult }).result;
      assert.equal(result?.outcome, 'partial', JSON.stringify(result));
      assert.ok(
        result?.failures.some((f) => f.code === 'E_BAD_FILE'),
        JSON.stringify(result?.failures),
      );
      assert.ok(!existsSync(path.join(home, 'Downloads/ticket.pdf')), 'the download is wiped');
      const status = await waitStatus(state, (s) => s.ready && s.current === null, 10_000);
      assert.equal(status.last.at(-1)?.outcome, 'partial');
      assert.equal(child.exitCode, null, 'the agent is still running');
    } finally {
      if (child) await stopAgentProcess(child);
      rmSync(path.join(home, '.config', 'user-dirs.dirs'), { force: true });
      removeTree(base);
    }
  },
);
