/** The suite's home guard: a command that writes into HOME fails the run and is named; others pass through. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const GUARD = path.resolve(import.meta.dirname, '../../../../scripts/in-sentinel-home.mjs');
const guard = (script: string) => spawnSync(process.execPath, [GUARD, 'sh', '-c', script], { encoding: 'utf8' });

test('a write into HOME fails the run and lists what was written', () => {
  const r = guard('mkdir -p "$HOME/.config/chromium/Crash Reports" && echo x > "$HOME/.config/chromium/Crash Reports/r"');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /wrote into the home/);
  assert.match(r.stderr, /\.config\/chromium\/Crash Reports\/r/);
});

test('a command that leaves HOME alone keeps its own exit code; HOME is a fresh folder each time', () => {
  assert.equal(guard('exit 0').status, 0);
  assert.equal(guard('exit 3').status, 3);
  const a = guard('echo "$HOME"').stdout;
  const b = guard('echo "$HOME"').stdout;
  assert.notEqual(a, b);
  assert.notEqual(a.trim(), process.env.HOME);
});
