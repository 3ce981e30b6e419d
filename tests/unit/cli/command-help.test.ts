/** Per-command help: `tabula CMD --help` and `tabula help CMD` print that command's usage and options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { commandHelp } from '../../../main/agent/cli/command-help.js';

const CLI = path.resolve(import.meta.dirname, '../../../main/cli.js');
const COMMANDS = ['plan', 'wipe', 'verify', 'baseline', 'agent', 'session', 'status', 'enroll', 'report', 'config', 'staff'];

test('every command has its own help: its usage first, selection options only where they apply', () => {
  for (const name of COMMANDS) {
    const text = commandHelp(name);
    assert.ok(text, name);
    assert.match(text.split('\n')[1]!, new RegExp(`^  tabula ${name}\\b`), name);
    assert.ok(
      !text.includes('\n  tabula ') || text.split('\n  tabula ').every((l, i) => i === 0 || l.startsWith(name)),
      `${name}: only its own usage`,
    );
  }
  assert.match(commandHelp('wipe')!, /--account NAME/);
  assert.match(commandHelp('wipe')!, /--overwrite/);
  assert.doesNotMatch(commandHelp('status')!, /--account NAME/);
  assert.equal(commandHelp('nope'), undefined);
});

test('the CLI prints it for CMD --help and help CMD; an unknown command is a usage error', () => {
  const a = spawnSync(process.execPath, [CLI, 'plan', '--help'], { encoding: 'utf8' });
  const b = spawnSync(process.execPath, [CLI, 'help', 'plan'], { encoding: 'utf8' });
  assert.equal(a.status, 0);
  assert.equal(a.stdout, commandHelp('plan'));
  assert.equal(b.stdout, a.stdout);
  const bad = spawnSync(process.execPath, [CLI, 'help', 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /E_USAGE/);
});
