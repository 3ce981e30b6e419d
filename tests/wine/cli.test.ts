/**
 * The built CLI on Windows' own Node under Wine, over a Windows-shaped patron profile written by
 * that same win32 Node (tests/wine/win/make-profile.ts): plan / wipe / verify with the JSON
 * contract and exit codes, the graveyard on drive C:, a file held without FILE_SHARE_DELETE by
 * another win32 process, names a win32 program cannot make, and the privacy checks.
 *
 * What Wine cannot show (see docs/windows-testing.md): NTFS ACLs (icacls exits 0 and prints
 * nothing, so the graveyard's ACL step "succeeds" without effect), renaming a folder that holds
 * an open file (Windows refuses, Wine allows: the locked file is then left in the graveyard),
 * junctions (ENOTSUP), the Recycle Bin of a real SID, real tasklist output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { findMarkerHits } from '../support/grep-marker.js';
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

const MARKER = `ZQX${process.pid}MARK`;
let wine: Wine | undefined;
after(() => stopWine(wine));

interface Setup {
  w: Wine;
  home: ReturnType<typeof patronHome>;
  state: ReturnType<typeof driveCDir>;
  args: string[];
  manifest: { planted: string[]; kept: string[]; deepLength: number };
}

async function setup(t: TestContext, tag: string): Promise<Setup | undefined> {
  const w = needWine(t);
  if (!w) return undefined;
  wine = w;
  const home = patronHome(w, tag);
  const state = driveCDir(w, `${tag}-state`);
  t.after(() => {
    home.dispose();
    state.dispose();
  });
  writeFileSync(path.join(state.unix, 'config.json'), '{}\n');
  const manifestFile = path.join(state.unix, 'manifest.json');
  const made = await runWin(w, [winScript('make-profile'), home.win, MARKER, zPath(manifestFile)]);
  assert.equal(made.code, 0, made.stderr);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Setup['manifest'];
  return { w, home, state, manifest, args: ['--home', home.win, '--state', `${state.win}\\s`, '--config', `${state.win}\\config.json`] };
}

const json = (r: WinResult): Record<string, unknown> => {
  assert.ok(r.stdout.trim(), `no output (exit ${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};
const unixOf = (s: Setup, rel: string) => path.join(s.home.unix, ...rel.split('\\'));

/** Nothing Tabula printed or wrote names the marker, the patron's folder or C:\users. */
function assertPrivate(s: Setup, ...outputs: WinResult[]): void {
  for (const r of outputs) {
    for (const text of [r.stdout, r.stderr]) {
      assert.ok(!text.includes(MARKER), 'marker in output');
      assert.ok(!/users\\\\?twn/i.test(text) && !/C:\\\\?users/i.test(text), 'a patron path in output');
    }
  }
  const written = path.join(s.state.unix, 's');
  assert.deepEqual(findMarkerHits([written], MARKER), [], 'marker in the state directory (logs, spool)');
  assert.deepEqual(findMarkerHits([written], path.basename(s.home.unix)), [], 'the patron folder name in the state directory');
}

test('win32: plan, wipe and verify a Windows-shaped profile (JSON contract, exit codes, privacy)', { timeout: 600_000 }, async (t) => {
  const s = await setup(t, 'a');
  if (!s) return;
  assert.ok(s.manifest.deepLength > 260, 'the profile holds a path beyond MAX_PATH');
  // Names no win32 program can make, as a copied tree or WSL leaves them: two names differing
  // only by case, a trailing dot, a trailing space.
  const docs = path.join(s.home.unix, 'Documents');
  for (const name of [`Case ${MARKER}.txt`, `CASE ${MARKER}.TXT`, `dot ${MARKER}.`, `space ${MARKER} `])
    writeFileSync(path.join(docs, name), MARKER);

  const planned = await runWin(s.w, [CLI(), 'plan', ...s.args, '--json']);
  assert.equal(planned.code, 0, planned.stderr);
  const p = json(planned);
  assert.equal(p.dryRun, true);
  assert.equal(p.outcome, 'clean');
  const cats = p.categories as Record<string, { items: number; bytes: number }>;
  for (const c of [
    'history',
    'cookies',
    'cache',
    'sessions',
    'site-data',
    'form-data',
    'passwords',
    'downloads',
    'desktop',
    'documents',
    'temp',
    'recent',
  ]) {
    assert.ok((cats[c]?.items ?? 0) > 0, `plan counts ${c}`);
  }
  for (const rel of s.manifest.planted) assert.ok(existsSync(unixOf(s, rel)), 'a plan touches nothing');

  const paths = await runWin(s.w, [CLI(), 'plan', ...s.args, '--paths']);
  assert.equal(paths.code, 0, paths.stderr);
  for (const want of [
    'User Data\\Profile 1\\History',
    'Microsoft\\Edge\\User Data\\Default\\Network\\Cookies',
    'x7k2q9ab.default-release\\places.sqlite',
    'Recent\\AutomaticDestinations\\',
    `AppData\\Local\\Temp\\${MARKER}.tmp`,
    `Case ${MARKER}.txt`,
    `CASE ${MARKER}.TXT`,
  ]) {
    assert.ok(paths.stdout.includes(want), `plan --paths lists ${want}`);
  }

  const wiped = await runWin(s.w, [CLI(), 'wipe', ...s.args, '--json']);
  const wj = json(wiped);
  assert.equal(wiped.code, 0, wiped.stdout + wiped.stderr);
  assert.equal(wj.outcome, 'clean');
  assert.deepEqual(wj.failures, []);
  assert.ok(typeof wj.safeMs === 'number' && typeof wj.doneMs === 'number' && wj.safeMs <= wj.doneMs);
  // Folders moved whole are split into their items in the graveyard: each category counts what the plan counted.
  assert.deepEqual(wj.categories, p.categories, 'the wipe counts each category as its plan did');
  for (const rel of s.manifest.planted) assert.ok(!existsSync(unixOf(s, rel)), `wiped: ${rel.replace(MARKER, 'M')}`);
  for (const rel of s.manifest.kept) assert.ok(existsSync(unixOf(s, rel)), `kept: ${rel}`);
  assert.deepEqual(readdirSync(docs).sort(), ['desktop.ini'], 'case-only and trailing-dot/space names are gone too');
  assert.deepEqual(
    readdirSync(s.home.unix).filter((n) => n.startsWith('.tabula-graveyard-')),
    [],
    'no graveyard left on C:',
  );
  assert.deepEqual(findMarkerHits([s.home.unix], MARKER), [], 'no marker left in the home');

  const verified = await runWin(s.w, [CLI(), 'verify', ...s.args, '--json']);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(json(verified).clean, true);

  writeFileSync(path.join(s.home.unix, 'Downloads', `${MARKER}.zip`), 'x');
  const dirty = await runWin(s.w, [CLI(), 'verify', ...s.args, '--json']);
  assert.equal(dirty.code, 1, 'verify exits 1 when something remains');
  assert.deepEqual(json(dirty).categories, { downloads: 1 });
  assertPrivate(s, planned, wiped, verified, dirty); // plan --paths lists paths by design
});

test('win32: refused roots and usage errors have their exit codes', { timeout: 300_000 }, async (t) => {
  const s = await setup(t, 'b');
  if (!s) return;
  const [, , , state, , config] = s.args;
  const run = (...args: string[]) => runWin(s.w, [CLI(), ...args, '--state', state as string, '--config', config as string, '--json']);
  const cases: Array<[string[], number, string]> = [
    [['plan', '--home', 'C:\\'], 3, 'E_ROOT_REFUSED'],
    [['plan', '--home', 'C:\\users'], 3, 'E_ROOT_REFUSED'],
    [['plan', '--home', 'C:\\windows\\system32'], 3, 'E_ROOT_REFUSED'],
    [['plan', '--bogus'], 2, 'E_USAGE'],
  ];
  for (const [args, exit, code] of cases) {
    const r = await run(...args);
    assert.equal(r.code, exit, `${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(code));
  }

  // A shared temp folder: Node's stat on Windows has no owner (uid 0 for every entry), so the
  // patron's entries cannot be told from other accounts'. Found here: every entry was swept.
  mkdirSync(path.join(s.state.unix, 'shared', 'other-dir'), { recursive: true });
  writeFileSync(path.join(s.state.unix, 'shared', 'other-account.txt'), 'another account');
  const temp = await run('wipe', '--home', s.home.win, '--temp', `${s.state.win}\\shared`, '--category', 'temp');
  assert.equal(temp.code, 1, temp.stdout + temp.stderr);
  const tj = json(temp);
  assert.deepEqual(tj.failures, [{ category: 'temp', code: 'E_UNSUPPORTED', count: 1 }]);
  assert.ok(
    ((tj.categories as Record<string, { items: number }>).temp?.items ?? 0) > 0,
    "the home's own %LOCALAPPDATA%\\Temp is still wiped",
  );
  assert.ok(
    existsSync(path.join(s.state.unix, 'shared', 'other-account.txt')) && existsSync(path.join(s.state.unix, 'shared', 'other-dir')),
    "another account's temp entries are left alone",
  );
});

test(
  'win32: a file held without FILE_SHARE_DELETE is retried, reported E_BUSY, and wiped once released',
  { timeout: 600_000 },
  async (t) => {
    const s = await setup(t, 'c');
    if (!s) return;
    const history = `${s.home.win}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\History`;
    const ready = path.join(s.state.unix, 'ready');
    const release = path.join(s.state.unix, 'release');
    const holder = spawnWin(s.w, [winScript('hold-file'), history, zPath(ready), zPath(release)]);
    t.after(() => {
      holder.child.kill();
    });
    for (let i = 0; i < 600 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(ready), `the holder never held the file: ${holder.output().join(' ')}`);

    const wiped = await runWin(s.w, [CLI(), 'wipe', ...s.args, '--json']);
    assert.equal(wiped.code, 1, 'a partial wipe exits 1');
    const wj = json(wiped);
    assert.equal(wj.outcome, 'partial');
    assert.deepEqual(
      (wj.failures as Array<{ category: string; code: string }>)
        .filter((f) => f.category === 'history')
        .map((f) => f.code)
        .sort(),
      ['E_BUSY', 'E_REMAINING'],
    );
    assert.equal(wj.remaining, 1);
    assert.ok(
      existsSync(path.join(s.home.unix, 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History')),
      'the held file stayed',
    );
    assert.ok(
      !existsSync(path.join(s.home.unix, 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Profile 1', 'History')),
      'the rest went',
    );

    writeFileSync(release, '');
    await new Promise<void>((resolve) => (holder.child.exitCode !== null ? resolve() : holder.child.on('exit', () => resolve())));
    const again = await runWin(s.w, [CLI(), 'wipe', ...s.args, '--json']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(json(again).outcome, 'clean');
    assertPrivate(s, wiped, again);
  },
);

test('win32: graveyards on C: — made, found as leftovers and reaped; imitations left alone', { timeout: 300_000 }, async (t) => {
  const s = await setup(t, 'd');
  if (!s) return;
  const leftover = path.join(s.home.unix, '.tabula-graveyard-0123456789ab');
  const imitation = path.join(s.home.unix, '.tabula-graveyard-not-ours');
  mkdirSync(path.join(leftover, '7'), { recursive: true });
  writeFileSync(path.join(leftover, '7', 'History'), MARKER);
  mkdirSync(imitation);
  writeFileSync(path.join(imitation, 'keep.txt'), 'patron');
  const probeOut = path.join(s.state.unix, 'probe.json');
  const probe = await runWin(s.w, [winScript('graveyard-probe'), s.home.win, zPath(probeOut)]);
  assert.equal(probe.code, 0, probe.stderr);
  const pj = JSON.parse(readFileSync(probeOut, 'utf8')) as { created: string; leftovers: string[] };
  assert.match(pj.created, /^\.tabula-graveyard-[0-9a-f]{12}$/);
  assert.deepEqual(pj.leftovers.sort(), [pj.created, '.tabula-graveyard-0123456789ab'].sort());

  const wiped = await runWin(s.w, [CLI(), 'wipe', ...s.args, '--json']);
  assert.equal(wiped.code, 0, wiped.stdout + wiped.stderr);
  assert.ok(!existsSync(leftover), 'the leftover graveyard was reaped');
  assert.ok(existsSync(path.join(imitation, 'keep.txt')), 'the imitation was left alone');
  assertPrivate(s, wiped);
});

test(
  'win32: a name Windows lists but cannot address (":" "?" from a copied tree) is reported, never verified clean',
  { timeout: 300_000 },
  async (t) => {
    const s = await setup(t, 'e');
    if (!s) return;
    // Made from the Unix side, as a copied tree or WSL leaves it; Wine lists it, Windows' Node cannot lstat it.
    writeFileSync(path.join(s.home.unix, 'Downloads', `${MARKER}:a?.txt`), MARKER);
    const wiped = await runWin(s.w, [CLI(), 'wipe', ...s.args, '--json']);
    assert.equal(wiped.code, 1, wiped.stdout + wiped.stderr);
    const wj = json(wiped);
    assert.equal(wj.outcome, 'partial');
    assert.deepEqual(wj.failures, [{ category: 'downloads', code: 'E_IO', count: 1 }]);
    const verified = await runWin(s.w, [CLI(), 'verify', ...s.args, '--json']);
    assert.equal(verified.code, 1, 'verify does not claim what it could not check');
    const vj = json(verified);
    assert.equal(vj.clean, false);
    assert.equal(vj.remaining, 0);
    assert.deepEqual(vj.failures, [{ category: 'downloads', code: 'E_IO', count: 1 }]);
    assertPrivate(s, wiped, verified);
  },
);

test(
  "win32: staff set-pin from stdin, then a logoff hook's session end --home without an agent wipes here",
  { timeout: 300_000 },
  async (t) => {
    const s = await setup(t, 'f');
    if (!s) return;
    const pinFile = path.join(s.state.unix, 'pin.txt');
    writeFileSync(pinFile, '4826\n');
    const setPin = await runWin(s.w, [CLI(), 'staff', 'set-pin', '--config', `${s.state.win}\\config.json`], { stdinFile: pinFile });
    assert.equal(setPin.code, 0, setPin.stdout + setPin.stderr);
    assert.match(readFileSync(path.join(s.state.unix, 'config.json'), 'utf8'), /"staffPinHash": "scrypt\$/);
    assert.ok(!readFileSync(path.join(s.state.unix, 'config.json'), 'utf8').includes('4826'), 'the PIN itself is not stored');

    const ended = await runWin(s.w, [CLI(), 'session', 'end', ...s.args, '--json']);
    assert.equal(ended.code, 0, ended.stdout + ended.stderr);
    const ej = json(ended) as { ok: boolean; via: string; result: { outcome: string; trigger: string; remaining: number } };
    assert.equal(ej.via, 'direct', 'no agent runs: the hook wipes in its own process');
    assert.equal(ej.result.outcome, 'clean');
    assert.equal(ej.result.trigger, 'logout');
    for (const rel of s.manifest.planted) assert.ok(!existsSync(unixOf(s, rel)), 'wiped');
    assertPrivate(s, setPin, ended);
  },
);
