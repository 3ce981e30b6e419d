/**
 * A partial wipe never prints "safe for the next patron": with a real failure (an immutable
 * folder in Downloads, `chattr +i`, root on ext4/xfs/btrfs) `tabula wipe` and `tabula session end`
 * (no agent) say NOT safe and what remains, by category; exit code 1; nothing names a file.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { needRoot, skipOrFail } from '../../support/skip.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { AGENT_CLI } from '../report/dashboard-child.js';

const MARKER = `tabulapartial${Math.random().toString(16).slice(2, 10)}`;
const chattr = (flag: '+i' | '-i', p: string) => spawnSync('chattr', [flag, p], { encoding: 'utf8' });
const tabula = (args: string[]) => spawnSync(process.execPath, [AGENT_CLI, ...args], { encoding: 'utf8' });

function stuck(t: TestContext, home: string): string | undefined {
  const dir = path.join(home, 'Downloads', `stuck-${MARKER}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${MARKER}.pdf`), MARKER);
  const r = chattr('+i', dir);
  if (r.status === 0) return dir;
  skipOrFail(t, `chattr +i is refused here (${(r.stderr || r.error?.message || '').trim()}); needs root on ext4/xfs/btrfs`);
  return undefined;
}

test('a partial wipe says NOT safe and what remains by category (tabula wipe, tabula session end)', { timeout: 60_000 }, (t) => {
  if (!needRoot(t, 'an immutable folder (chattr +i)')) return;
  const base = tempDir('tabula-job-partial-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  layout(base, { 'home/.config/chromium/Default/History': `history ${MARKER}`, 'home/Downloads/a.pdf': MARKER });
  const dir = stuck(t, home);
  try {
    if (!dir) return;
    for (const args of [
      ['wipe', '--home', home, '--state', state, '--no-close-browsers'],
      ['session', 'end', '--home', home, '--state', state, '--no-close-browsers'],
    ]) {
      const r = tabula(args);
      assert.equal(r.status, 1, `${args[0]}: partial exits 1: ${r.stderr}`);
      assert.doesNotMatch(r.stdout, /(?<!NOT )safe (for the next patron )?after/, `${args[0]} claims no safety`);
      assert.match(
        r.stdout,
        /NOT safe for the next patron: \d+ items? remains? \(downloads \d+\)/,
        `${args[0]} says what remains: ${r.stdout}`,
      );
      assert.ok(!r.stdout.includes(MARKER) && !r.stdout.includes(base), 'no path or file name is printed');
      layout(base, { 'home/Downloads/b.pdf': MARKER }); // something for the next command to remove
    }
    const json = JSON.parse(tabula(['session', 'end', '--home', home, '--state', state, '--no-close-browsers', '--json']).stdout) as {
      result: { outcome: string; failures: { category: string; code: string }[] };
    };
    assert.equal(json.result.outcome, 'partial');
    assert.ok(json.result.failures.some((f) => f.category === 'downloads' && f.code === 'E_REMAINING'));
  } finally {
    if (dir) chattr('-i', dir);
    removeTree(base);
  }
});
