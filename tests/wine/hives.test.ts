/**
 * The Windows tier: a reset while the patron's NTUSER.DAT is held open without sharing by another
 * win32 process, the way the registry holds a loaded hive (tests/wine/win/hold-file.ts, libuv's
 * UV_FS_O_EXLOCK: share mode 0). Run by Windows' own Node under Wine (docs/windows-testing.md).
 * Under Wine there is no User Profile Service and no PowerShell: the hive's lock is the held
 * handle, and owner/ACL capture records nothing (the capture says so).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { findMarkerHits } from '../support/grep-marker.js';
import { layout } from '../support/tree.js';
import {
  CLI,
  driveCDir,
  needWine,
  patronHome,
  runWin,
  spawnWin,
  stopWine,
  winScript,
  zPath,
  type Wine,
  type WinResult,
} from './support/wine.js';

const MARKER = `ZQH${process.pid}MARK`;
let wine: Wine | undefined;
after(() => stopWine(wine));

const json = (r: WinResult): Record<string, unknown> => {
  assert.ok(r.stdout.trim(), `no output (exit ${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds `file` (a C:\ path) open with share mode 0 until `release` exists; resolves once held. */
async function hold(w: Wine, file: string, dir: string, tag: string): Promise<{ release: () => Promise<void> }> {
  const ready = path.join(dir, `ready-${tag}`);
  const release = path.join(dir, `release-${tag}`);
  const holder = spawnWin(w, [winScript('hold-file'), file, zPath(ready), zPath(release)]);
  for (let i = 0; i < 600 && !existsSync(ready); i++) await sleep(100);
  assert.ok(existsSync(ready), `the holder never held the file: ${holder.output().join(' ')}`);
  return {
    release: async () => {
      writeFileSync(release, '');
      if (holder.child.exitCode === null) await new Promise<void>((resolve) => holder.child.on('exit', () => resolve()));
    },
  };
}

test(
  'win32 reset: a held NTUSER.DAT fails the capture (counted), is left while held (partial, E_HIVE_LOADED, the rest reset), and is restored once released — also while the job waits',
  { timeout: 900_000 },
  async (t: TestContext) => {
    const w = needWine(t);
    if (!w) return;
    wine = w;
    const home = patronHome(w, 'h');
    const state = driveCDir(w, 'h-state');
    t.after(() => {
      home.dispose();
      state.dispose();
    });
    writeFileSync(path.join(state.unix, 'config.json'), '{}\n');
    const args = ['--home', home.win, '--state', `${state.win}\\s`, '--config', `${state.win}\\config.json`];
    layout(home.unix, {
      'NTUSER.DAT': 'baseline hive',
      'NTUSER.DAT.LOG1': 'baseline log',
      'ntuser.ini': 'ini',
      'AppData/Local/Microsoft/Windows/UsrClass.dat': 'baseline classes',
      'AppData/Roaming/SomeApp/settings.ini': 'a=1',
    });
    const hive = `${home.win}\\NTUSER.DAT`;
    const unix = (rel: string) => path.join(home.unix, ...rel.split('/'));

    // 1. Capture while the hive is held: counted, nothing written, exit 1.
    const held = await hold(w, hive, state.unix, 'capture');
    const refused = await runWin(w, [CLI(), 'baseline', 'capture', ...args, '--json']);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    const rj = json(refused);
    assert.equal(rj.ok, false);
    assert.deepEqual(rj.failures, [{ category: 'app-data', code: 'E_HIVE_LOADED', count: 1 }]);
    await held.release();
    const captured = await runWin(w, [CLI(), 'baseline', 'capture', ...args, '--json']);
    assert.equal(captured.code, 0, captured.stdout + captured.stderr);
    const cj = json(captured);
    assert.equal(cj.ok, true);
    assert.deepEqual(
      (cj.acls as { recorded: number }).recorded,
      0,
      'no PowerShell under Wine: no descriptor recorded, and the capture says so',
    );

    // 2. The patron's session, then a reset with the hive held past the (shortened) wait.
    const session = () => {
      writeFileSync(unix('NTUSER.DAT'), `patron hive ${MARKER}`);
      writeFileSync(unix('NTUSER.DAT.LOG1'), `patron log ${MARKER}`);
      writeFileSync(unix('AppData/Roaming/SomeApp/settings.ini'), `proxy=${MARKER}`);
      layout(home.unix, { 'Desktop/notes.txt': MARKER });
    };
    session();
    const stuck = await hold(w, hive, state.unix, 'stuck');
    const partial = await runWin(w, [CLI(), 'wipe', ...args, '--json'], { env: { TABULA_HIVE_WAIT_MS: '1500' } });
    assert.equal(partial.code, 1, 'a partial wipe exits 1');
    const pj = json(partial);
    assert.equal(pj.mode, 'reset');
    assert.equal(pj.outcome, 'partial');
    assert.deepEqual(pj.failures, [{ category: 'app-data', code: 'E_HIVE_LOADED', count: 1 }]);
    assert.equal(readFileSync(unix('NTUSER.DAT'), 'utf8'), `patron hive ${MARKER}`, 'the held hive is never replaced');
    assert.equal(readFileSync(unix('NTUSER.DAT.LOG1'), 'utf8'), 'baseline log');
    assert.equal(readFileSync(unix('AppData/Roaming/SomeApp/settings.ini'), 'utf8'), 'a=1');
    assert.ok(!existsSync(unix('Desktop')), "the patron's file went");
    await stuck.release();
    const clean = await runWin(w, [CLI(), 'wipe', ...args, '--json']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(json(clean).outcome, 'clean');
    assert.equal(readFileSync(unix('NTUSER.DAT'), 'utf8'), 'baseline hive');

    // 3. Held when the wipe starts, released while the job waits: one wipe, clean, hive restored.
    session();
    const waiting = await hold(w, hive, state.unix, 'wait');
    const wipe = runWin(w, [CLI(), 'wipe', ...args, '--json']);
    // Released only once the first pass has reset the rest (the hive still held then).
    const settings = () => {
      try {
        return readFileSync(unix('AppData/Roaming/SomeApp/settings.ini'), 'utf8');
      } catch {
        return '';
      }
    };
    for (let i = 0; i < 1200 && settings() !== 'a=1'; i++) await sleep(100);
    assert.equal(readFileSync(unix('NTUSER.DAT'), 'utf8'), `patron hive ${MARKER}`);
    await sleep(4000); // the first pass's reap and verify, so that the job is waiting when the hive is released
    await waiting.release();
    const waited = await wipe;
    assert.equal(waited.code, 0, waited.stdout + waited.stderr);
    const wj = json(waited);
    assert.equal(wj.outcome, 'clean');
    assert.equal(readFileSync(unix('NTUSER.DAT'), 'utf8'), 'baseline hive', 'restored by the second pass after the unload');
    assert.deepEqual(findMarkerHits([home.unix], MARKER), [], 'nothing of the patron left in the home');
    for (const r of [refused, captured, partial, clean, waited]) {
      assert.ok(!r.stdout.includes(MARKER) && !/users\\\\?twn/i.test(r.stdout + r.stderr), 'no patron data or path in output');
    }
    assert.deepEqual(findMarkerHits([path.join(state.unix, 's')], MARKER), [], 'marker in the state directory (logs, spool)');
    // The job's waits, from its log: given up after the 1.5 s budget in step 2, the unload seen in step 3.
    const waits = readFileSync(path.join(state.unix, 's', 'logs', 'tabula.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('wipe.hives'))
      .map((l) => JSON.parse(l) as { free: boolean; waitedMs: number });
    assert.deepEqual(
      waits.map((e) => e.free),
      [false, true],
      JSON.stringify(waits),
    );
    assert.ok((waits[0]?.waitedMs ?? 0) >= 1500 && (waits[0]?.waitedMs ?? 0) < 10_000);
    t.diagnostic(`hive waits: ${waits.map((e) => `${e.free ? 'freed' : 'gave up'} after ${e.waitedMs} ms`).join(', ')}`);
    // (How long step 3 waited depends on Wine's speed: the first pass left the hive and the second restored it, asserted above.)
  },
);
