/**
 * The Windows policy layer for real: `HKLM\Software\Policies\Tabula` written with Wine's own
 * `reg add` (REG_SZ, REG_DWORD, REG_MULTI_SZ, a subkey), read by the agent's policy layer
 * (main/agent/config/policy-windows.ts: `cmd /c chcp 65001 & reg query … /s`) on Windows' Node.
 *
 * Found by this test: the layer passed the key to cmd.exe with Node's default quoting (\"), so
 * reg.exe answered "Invalid system key" and every policy was silently ignored.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { CLI, driveCDir, needWine, patronHome, reg, runWin, stopWine, winScript, zPath, type Wine } from './support/wine.js';

const KEY = 'HKLM\\Software\\Policies\\Tabula';
let wine: Wine | undefined;
after(() => {
  if (wine) reg(wine, ['delete', KEY, '/f']);
  stopWine(wine);
});

test(
  'win32: a policy set with reg add is read, layered over the file, and a bad value names its source and field',
  { timeout: 600_000 },
  async (t) => {
    const w = needWine(t);
    if (!w) return;
    wine = w;
    const home = patronHome(w, 'pol');
    const state = driveCDir(w, 'pol');
    t.after(() => {
      home.dispose();
      state.dispose();
    });
    reg(w, ['delete', KEY, '/f']);
    const config = `${state.win}\\config.json`;
    writeFileSync(path.join(state.unix, 'config.json'), JSON.stringify({ categories: ['history', 'downloads', 'temp'] }));
    const made = await runWin(w, [winScript('make-profile'), home.win, 'POLMARK', zPath(path.join(state.unix, 'm.json'))]);
    assert.equal(made.code, 0, made.stderr);
    const common = ['--home', home.win, '--state', `${state.win}\\s`, '--config', config, '--json'];

    const before = await runWin(w, [CLI(), 'plan', ...common]);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(
      Object.keys(JSON.parse(before.stdout).categories as object).sort(),
      ['downloads', 'history', 'temp'],
      'the file decides without a policy',
    );

    assert.equal(reg(w, ['add', KEY, '/v', 'categories', '/t', 'REG_MULTI_SZ', '/d', 'downloads\\0recent', '/f']), 0);
    assert.equal(reg(w, ['add', KEY, '/v', 'overwriteFiles', '/t', 'REG_DWORD', '/d', '1', '/f']), 0);
    assert.equal(reg(w, ['add', `${KEY}\\idle`, '/v', 'timeoutSec', '/t', 'REG_DWORD', '/d', '900', '/f']), 0);
    const check = await runWin(w, [CLI(), 'config', 'check', '--config', config, '--json']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.deepEqual(JSON.parse(check.stdout).sources, ['defaults', config, KEY], 'the policy is a source, over the file');
    const after1 = await runWin(w, [CLI(), 'plan', ...common]);
    assert.equal(after1.code, 0, after1.stderr);
    assert.deepEqual(
      Object.keys(JSON.parse(after1.stdout).categories as object).sort(),
      ['downloads', 'recent'],
      'the REG_MULTI_SZ policy wins over the file',
    );

    assert.equal(reg(w, ['add', KEY, '/v', 'mode', '/t', 'REG_SZ', '/d', 'sideways', '/f']), 0);
    const bad = await runWin(w, [CLI(), 'config', 'check', '--config', config, '--json']);
    assert.equal(bad.code, 2, bad.stdout + bad.stderr);
    const errors = (JSON.parse(bad.stdout) as { errors: string[] }).errors.join('\n');
    assert.match(errors, /HKLM\\Software\\Policies\\Tabula/, 'the error names the policy key');
    assert.match(errors, /mode/, 'and the field');
    assert.ok(!readFileSync(path.join(state.unix, 'config.json'), 'utf8').includes('sideways'));
  },
);
