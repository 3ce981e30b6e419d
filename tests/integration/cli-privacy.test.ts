/**
 * Privacy of everything the CLI writes: markers planted in patron file names and contents, the
 * home path and the username never appear in stdout, stderr or the log file — on success, on a
 * dry run, on verify, and on errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layout, removeTree, tempDir } from '../support/tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/cli.js');
const MARKER = `tabulaprivacy${Math.random().toString(16).slice(2, 10)}`;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('no marker, home path or username in output, errors or logs', () => {
  const base = tempDir();
  const home = path.join(base, `home-${MARKER}-user`);
  const state = path.join(base, 'state');
  const temp = path.join(base, 'temp');
  try {
    layout(base, {
      [`${path.basename(home)}/.config/chromium/Default/History`]: `https://${MARKER}.example/${MARKER}`,
      [`${path.basename(home)}/Downloads/${MARKER}.pdf`]: MARKER,
      [`${path.basename(home)}/Desktop/${MARKER} notes.txt`]: MARKER,
      [`${path.basename(home)}/.local/share/Trash/files/${MARKER}`]: MARKER,
      [`temp/${MARKER}.tmp`]: MARKER,
    });
    const outputs: string[] = [];
    const sel = ['--home', home, '--temp', temp, '--state', state];
    for (const args of [
      ['plan', ...sel],
      ['plan', ...sel, '--json'],
      ['wipe', ...sel, '--dry-run', '--json'],
      ['wipe', ...sel, '--json'],
      ['verify', ...sel, '--json'],
      ['verify', ...sel],
      ['wipe', '--home', path.join(base, `missing-${MARKER}`), '--state', state, '--json'],
      ['plan', '--home', path.join(home, '..', '..'), '--state', state],
      ['wipe', '--home', home, '--mode', 'reset', '--state', state, '--json'],
    ]) {
      const r = run(args);
      outputs.push(r.out, r.err);
    }
    const wiped = JSON.parse(outputs[6] as string);
    assert.equal(wiped.outcome, 'clean');
    assert.ok(wiped.categories.downloads.items >= 1);
    const logs = readdirSync(path.join(state, 'logs')).map((f) => readFileSync(path.join(state, 'logs', f), 'utf8'));
    assert.ok(logs.join('').includes('wipe.done'), 'the log has the wipe');
    const everything = [...outputs, ...logs].join('\n');
    assert.ok(everything.includes('E_ROOT_MISSING') && everything.includes('E_BASELINE_MISSING'), 'errors were exercised');
    assert.ok(!everything.includes(MARKER), 'a marker leaked');
    assert.ok(!everything.includes(base), 'a home path leaked');
  } finally {
    removeTree(base);
  }
});

test('plan --paths is the one explicit way to list paths', () => {
  const base = tempDir();
  try {
    layout(base, { [`home/Downloads/${MARKER}.pdf`]: 'x' });
    const r = run(['plan', '--home', path.join(base, 'home'), '--state', path.join(base, 'state'), '--paths']);
    assert.equal(r.code, 0);
    assert.ok(r.out.includes(`${MARKER}.pdf`));
  } finally {
    removeTree(base);
  }
});
