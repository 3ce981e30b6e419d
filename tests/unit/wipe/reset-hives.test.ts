/**
 * Reset with files that cannot be read (issue 10, item 4): a Windows registry hive still loaded is
 * left and counted (E_HIVE_LOADED) while the rest of the home is reset, the job waits for the
 * unload (fake clock) and restores it in a second pass; a locked file while planning is E_BUSY;
 * a locked or unreadable file while capturing is counted and no baseline is written. Windows'
 * locks are injected (FileAccess, CaptureOptions.read); the layout is the win32 one over POSIX.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { runWipeJob } from '../../../main/agent/job/wipe-job.js';
import { silentLog } from '../../../main/agent/log/logger.js';
import { baselineDir, captureBaseline, loadBaseline } from '../../../main/agent/wipe/baseline.js';
import { isHivePath, isLockError, waitForHives } from '../../../main/agent/wipe/fs/hives.js';
import { readPatronFile, type PatronFileResult } from '../../../main/agent/wipe/fs/patron-file.js';
import { plan } from '../../../main/agent/wipe/plan/planner.js';
import type { FileAccess } from '../../../main/agent/wipe/plan/reset-planner.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { selectionFor, wipeFor } from '../../support/wipe-run.js';

const HOME_FILES = {
  'home/NTUSER.DAT': 'hive baseline',
  'home/NTUSER.DAT.LOG1': 'log1 baseline',
  'home/ntuser.ini': 'ini baseline',
  'home/AppData/Local/Microsoft/Windows/UsrClass.dat': 'classes baseline',
  'home/AppData/Roaming/SomeApp/settings.ini': 'a=1',
};

/** Files whose base name is in `locked` are held open without sharing; the rest is read as usual. */
function lockedFiles(locked: () => readonly string[]): FileAccess {
  const isLocked = (file: string) => locked().includes(path.basename(file).toLowerCase());
  return {
    locked: isLocked,
    read: (file, max, anchor): PatronFileResult =>
      isLocked(file) ? { ok: false, failure: 'locked', errno: 'EBUSY' } : readPatronFile(file, max, anchor),
  };
}

/** A fake clock: sleeping advances it; nothing waits for real. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

function patronSession(home: string): void {
  writeFileSync(path.join(home, 'NTUSER.DAT'), 'hive with the patron settings');
  writeFileSync(path.join(home, 'NTUSER.DAT.LOG1'), 'log1 of the patron');
  writeFileSync(path.join(home, 'AppData/Roaming/SomeApp/settings.ini'), 'patron=1');
  layout(home, { 'AppData/Roaming/SomeApp/recent.txt': 'patron file', 'Desktop/notes.txt': 'patron notes' });
}

test('hive names: NTUSER.DAT and its logs in the home root, UsrClass.dat and its logs, any case; nothing else', () => {
  for (const rel of [
    'NTUSER.DAT',
    'ntuser.dat',
    'NTUSER.DAT.LOG1',
    'ntuser.dat.LOG2',
    'NTUSER.DAT{53b39e88-18c4-11ea-a811-000d3aa4692b}.TM.blf',
    'AppData/Local/Microsoft/Windows/UsrClass.dat',
    'appdata/local/microsoft/windows/usrclass.dat.LOG1',
  ])
    assert.equal(isHivePath(rel), true, rel);
  for (const rel of [
    'ntuser.ini',
    'Documents/NTUSER.DAT',
    'AppData/Local/Microsoft/UsrClass.dat',
    'AppData/Local/Microsoft/Windows/Other.dat',
    'NTUSER',
  ]) {
    assert.equal(isHivePath(rel), false, rel);
  }
  assert.deepEqual(
    ['EBUSY', 'EPERM', 'EACCES', 'ENOENT'].map((c) => isLockError(c, 'win32')),
    [true, true, true, false],
  );
  assert.deepEqual(
    ['EBUSY', 'EPERM', 'EACCES'].map((c) => isLockError(c, 'linux')),
    [true, false, false],
  );
});

test('waiting for the unload: back-off 250 ms, 500 ms, 1 s … capped, bounded by the budget; free at once costs no sleep', async () => {
  const clock = fakeClock();
  let probes = 0;
  const freed = await waitForHives(['h'], { budgetMs: 60_000, firstMs: 250, maxStepMs: 8_000, ...clock, locked: () => ++probes <= 3 });
  assert.deepEqual(freed, { free: true, waitedMs: 1750, probes: 4 });
  assert.deepEqual(clock.sleeps, [250, 500, 1000]);

  const stuck = fakeClock();
  const never = await waitForHives(['h'], { budgetMs: 20_000, firstMs: 250, maxStepMs: 8_000, ...stuck, locked: () => true });
  assert.equal(never.free, false);
  assert.equal(never.waitedMs, 20_000, 'never beyond the budget');
  assert.deepEqual(stuck.sleeps, [250, 500, 1000, 2000, 4000, 8000, 4250]);

  const idle = fakeClock();
  assert.equal((await waitForHives(['h'], { budgetMs: 1000, firstMs: 250, maxStepMs: 8_000, ...idle, locked: () => false })).free, true);
  assert.deepEqual(idle.sleeps, []);
});

test('plan (win32 reset): a loaded hive is E_HIVE_LOADED and not touched; the rest of the home is still planned; once unloaded it is', () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  try {
    layout(base, HOME_FILES);
    assert.equal(captureBaseline(home, path.join(base, 'state'), { platform: 'win32' }).written, true);
    patronSession(home);
    const selection = selectionFor(base, { mode: 'reset', platform: 'win32' });
    let locked: string[] = ['ntuser.dat', 'ntuser.dat.log1'];
    const files = lockedFiles(() => locked);
    const loaded = plan(selection, { catalog: CATALOG, knownHomes: [], files });
    assert.deepEqual(loaded.problems, [
      { category: 'app-data', code: 'E_HIVE_LOADED' },
      { category: 'app-data', code: 'E_HIVE_LOADED' },
    ]);
    const rels = (p: typeof loaded) => p.items.map((i) => path.relative(home, i.path).split(path.sep).join('/')).sort();
    assert.deepEqual(rels(loaded), [
      'AppData/Roaming/SomeApp/recent.txt',
      'AppData/Roaming/SomeApp/settings.ini',
      'Desktop',
      'Desktop/notes.txt',
    ]);
    locked = [];
    const unloaded = plan(selection, { catalog: CATALOG, knownHomes: [], files });
    assert.deepEqual(unloaded.problems, []);
    assert.deepEqual(rels(unloaded), [
      'AppData/Roaming/SomeApp/recent.txt',
      'AppData/Roaming/SomeApp/settings.ini',
      'Desktop',
      'Desktop/notes.txt',
      'NTUSER.DAT',
      'NTUSER.DAT.LOG1',
    ]);
    // On Linux the same names are ordinary files: reset like any other.
    const linux = plan(selectionFor(base, { mode: 'reset', platform: 'linux' }), {
      catalog: CATALOG,
      knownHomes: [],
      files: lockedFiles(() => []),
    });
    assert.ok(linux.items.some((i) => i.path.endsWith('NTUSER.DAT')));
  } finally {
    removeTree(base);
  }
});

test('plan: a locked file of the same size is E_BUSY in its category, not a failed restore; an unreadable one is reset from the baseline', async () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  try {
    layout(base, { ...HOME_FILES, 'home/AppData/Roaming/SomeApp/other.ini': 'b=2' });
    captureBaseline(home, path.join(base, 'state'), { platform: 'win32' });
    writeFileSync(path.join(home, 'AppData/Roaming/SomeApp/settings.ini'), 'a=9'); // same size, other content
    writeFileSync(path.join(home, 'AppData/Roaming/SomeApp/other.ini'), 'b=7');
    const selection = selectionFor(base, { mode: 'reset', platform: 'win32' });
    const files: FileAccess = {
      locked: () => false,
      read: (file, max, anchor) =>
        file.endsWith('settings.ini')
          ? { ok: false, failure: 'locked', errno: 'EBUSY' }
          : file.endsWith('other.ini')
            ? { ok: false, failure: 'unreadable', errno: 'EIO' }
            : readPatronFile(file, max, anchor),
    };
    const planned = plan(selection, { catalog: CATALOG, knownHomes: [], files });
    assert.deepEqual(planned.problems, [{ category: 'app-data', code: 'E_BUSY' }]);
    assert.deepEqual(
      planned.items.map((i) => path.basename(i.path)),
      ['other.ini'],
      'unreadable: treated as changed, so it is reset',
    );
    const { execute } = await import('../../../main/agent/wipe/execute/executor.js');
    const summary = await execute(planned, { dryRun: false });
    assert.equal(summary.outcome, 'partial');
    assert.deepEqual(summary.failures, [{ category: 'app-data', code: 'E_BUSY', count: 1 }], 'counted once, no failed restore on top');
    assert.equal(readFileSync(path.join(home, 'AppData/Roaming/SomeApp/other.ini'), 'utf8'), 'b=2');
  } finally {
    removeTree(base);
  }
});

test('job (win32 reset): hives loaded at first are waited for, then restored by a second pass: clean, and the rest was reset in the first', async () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, HOME_FILES);
    captureBaseline(home, state, { platform: 'win32' });
    patronSession(home);
    const clock = fakeClock();
    let probes = 0;
    let locked: string[] = ['ntuser.dat', 'ntuser.dat.log1', 'usrclass.dat'];
    // Windows unloads the profile while the job waits: free after the fourth probe.
    const files = lockedFiles(() => locked);
    const probe = (file: string) => {
      if (++probes > 4) locked = [];
      return files.locked(file);
    };
    let safeAt: string | undefined;
    const { summary } = await runWipeJob(
      {
        targets: async () => [{ home, tempRoots: [] }],
        trigger: 'logout',
        scope: { mode: 'reset' },
        closeBrowsers: false,
        onSafe: () => {
          safeAt ??= readFileSync(path.join(home, 'NTUSER.DAT'), 'utf8');
        },
      },
      { config: {}, platform: 'win32', stateDir: state, log: silentLog, knownHomes: [], files, hiveWait: { ...clock, locked: probe } },
    );
    assert.equal(summary.outcome, 'clean', JSON.stringify(summary.failures));
    assert.equal(safeAt, 'hive with the patron settings', 'the first pass made the rest safe while the hive was still loaded');
    assert.equal(readFileSync(path.join(home, 'NTUSER.DAT'), 'utf8'), 'hive baseline');
    assert.equal(readFileSync(path.join(home, 'NTUSER.DAT.LOG1'), 'utf8'), 'log1 baseline');
    assert.equal(readFileSync(path.join(home, 'AppData/Roaming/SomeApp/settings.ini'), 'utf8'), 'a=1');
    assert.ok(!existsSync(path.join(home, 'Desktop/notes.txt')));
    assert.deepEqual(clock.sleeps, [250, 500, 1000, 2000], 'four locked probes, then free');
    assert.ok((summary.categories['app-data']?.items ?? 0) >= 4, 'both passes counted');
  } finally {
    removeTree(base);
  }
});

test('job (win32 reset): a hive still loaded after the wait: partial with E_HIVE_LOADED, the hive untouched, the rest restored', async () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, HOME_FILES);
    captureBaseline(home, state, { platform: 'win32' });
    patronSession(home);
    const clock = fakeClock();
    const files = lockedFiles(() => ['ntuser.dat', 'ntuser.dat.log1']);
    const { summary } = await runWipeJob(
      {
        targets: async () => [{ home, tempRoots: [] }],
        trigger: 'logout',
        scope: { mode: 'reset' },
        closeBrowsers: false,
      },
      { config: {}, platform: 'win32', stateDir: state, log: silentLog, knownHomes: [], files, hiveWait: { ...clock, budgetMs: 30_000 } },
    );
    assert.equal(summary.outcome, 'partial');
    assert.deepEqual(summary.failures, [{ category: 'app-data', code: 'E_HIVE_LOADED', count: 2 }]);
    assert.equal(
      clock.sleeps.reduce((a, b) => a + b, 0),
      30_000,
      'waited the whole budget, no more',
    );
    assert.equal(readFileSync(path.join(home, 'NTUSER.DAT'), 'utf8'), 'hive with the patron settings', 'never replaced under the registry');
    assert.equal(readFileSync(path.join(home, 'AppData/Roaming/SomeApp/settings.ini'), 'utf8'), 'a=1');
    assert.ok(!existsSync(path.join(home, 'AppData/Roaming/SomeApp/recent.txt')));
    assert.ok(!existsSync(path.join(home, 'Desktop/notes.txt')));
  } finally {
    removeTree(base);
  }
});

test("job (win32 reset): a session of the account started during the wait cancels the second pass (it would take the new patron's files)", async () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, HOME_FILES);
    captureBaseline(home, state, { platform: 'win32' });
    patronSession(home);
    const { Journal } = await import('../../../main/agent/session/journal.js');
    const journal = Journal.open(state);
    let started = false;
    let locked = ['ntuser.dat'];
    const clock = fakeClock();
    // The profile is unloaded, and a new session of the account starts, while the job waits.
    const sleep = async (ms: number) => {
      await clock.sleep(ms);
      locked = [];
      started = true;
    };
    const { summary } = await runWipeJob(
      {
        targets: async () => [{ home, tempRoots: [] }],
        trigger: 'logout',
        scope: { mode: 'reset' },
        closeBrowsers: false,
        journal: { journal, target: { kind: 'roots', home, temp: [] }, startedAfter: () => started },
      },
      {
        config: {},
        platform: 'win32',
        stateDir: state,
        log: silentLog,
        knownHomes: [],
        files: lockedFiles(() => locked),
        hiveWait: { now: clock.now, sleep },
      },
    );
    assert.equal(summary.outcome, 'partial');
    assert.deepEqual(summary.failures, [{ category: 'app-data', code: 'E_HIVE_LOADED', count: 1 }]);
    assert.equal(readFileSync(path.join(home, 'NTUSER.DAT'), 'utf8'), 'hive with the patron settings', 'no second pass');
    assert.equal(journal.isDirty({ kind: 'roots', home, temp: [] }), true);
  } finally {
    removeTree(base);
  }
});

test('capture: a locked file or loaded hive is counted by category and code, no baseline is written, the previous one is kept', () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, HOME_FILES);
    const first = captureBaseline(home, state, { platform: 'win32' });
    assert.deepEqual([first.written, first.files, first.failures], [true, 5, []]);
    const manifest = path.join(baselineDir(state, home), 'manifest.json');
    const before = readFileSync(manifest, 'utf8');
    writeFileSync(path.join(home, 'extra.txt'), 'new');
    const read = (file: string, max: number, anchor: Parameters<typeof readPatronFile>[2]): PatronFileResult =>
      /ntuser\.dat$|settings\.ini$/i.test(file) ? { ok: false, failure: 'locked', errno: 'EBUSY' } : readPatronFile(file, max, anchor);
    const second = captureBaseline(home, state, {
      platform: 'win32',
      read,
      categoryOf: (p) => (p.endsWith('.ini') ? 'history' : 'app-data'),
    });
    assert.equal(second.written, false);
    assert.deepEqual(
      [...second.failures].sort((a, b) => a.code.localeCompare(b.code)),
      [
        { category: 'history', code: 'E_BUSY', count: 1 },
        { category: 'app-data', code: 'E_HIVE_LOADED', count: 1 },
      ],
    );
    assert.equal(readFileSync(manifest, 'utf8'), before, 'the previous baseline stands');
    // Access denied on a hive (how the registry's handle can answer) is a loaded hive too; on another file it is E_PERM.
    const denied = captureBaseline(home, state, {
      platform: 'win32',
      read: (file, max, anchor) =>
        /ntuser\.dat$|ntuser\.ini$/i.test(file) ? { ok: false, failure: 'unreadable', errno: 'EPERM' } : readPatronFile(file, max, anchor),
    });
    assert.deepEqual(denied.failures.map((f) => f.code).sort(), ['E_HIVE_LOADED', 'E_PERM']);
  } finally {
    removeTree(base);
  }
});

test('capture on Linux, for real: a FIFO is skipped, a file that vanishes while captured is not an error, a file swapped for a FIFO is counted', () => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, { 'home/.bashrc': 'x', 'home/gone.txt': 'soon gone', 'home/swapped.txt': 'soon a fifo' });
    execFileSync('mkfifo', [path.join(home, 'pipe')]);
    // The reader sees the home change under it, as a running program would change it.
    const read = (file: string, max: number, anchor: Parameters<typeof readPatronFile>[2]) => {
      if (file.endsWith('gone.txt')) rmSync(file);
      if (file.endsWith('swapped.txt')) {
        renameSync(file, `${file}.old`);
        mkfifoOrSkip(file);
      }
      return readPatronFile(file, max, anchor);
    };
    const result = captureBaseline(home, state, { read });
    assert.deepEqual(result.failures, [{ category: 'app-data', code: 'E_IDENTITY_CHANGED', count: 1 }]);
    assert.equal(result.written, false);
    rmSync(path.join(home, 'swapped.txt'));
    rmSync(path.join(home, 'swapped.txt.old'));
    const ok = captureBaseline(home, state);
    assert.deepEqual([ok.written, ok.files, ok.failures], [true, 1, []]);
    assert.deepEqual(Object.keys(loadBaseline(state, home).entries), ['.bashrc']);
  } finally {
    removeTree(base);
  }
});

function mkfifoOrSkip(file: string): void {
  execFileSync('mkfifo', [file]);
}

test(
  'reset restores owner, group and mode on Linux (as root)',
  { skip: process.geteuid?.() !== 0 ? 'needs root to chown' : false },
  async () => {
    const base = tempDir('tabula-hives-');
    const home = path.join(base, 'home');
    try {
      layout(base, { 'home/.config/app/settings.ini': 'a=1', 'home/.profile': 'p' });
      const { chownSync, chmodSync, lstatSync } = await import('node:fs');
      chownSync(path.join(home, '.config/app'), 4242, 4243);
      chmodSync(path.join(home, '.config/app'), 0o750);
      chownSync(path.join(home, '.config/app/settings.ini'), 4242, 4243);
      chmodSync(path.join(home, '.config/app/settings.ini'), 0o640);
      chownSync(path.join(home, '.profile'), 4244, 4245);
      chmodSync(path.join(home, '.profile'), 0o604);
      captureBaseline(home, path.join(base, 'state'));
      rmSync(path.join(home, '.config/app'), { recursive: true });
      writeFileSync(path.join(home, '.profile'), 'patron');
      chownSync(path.join(home, '.profile'), 0, 0);
      const summary = await wipeFor(selectionFor(base, { mode: 'reset' }), CATALOG);
      assert.equal(summary.outcome, 'clean', JSON.stringify(summary.failures));
      const of = (rel: string) => {
        const st = lstatSync(path.join(home, rel));
        return [st.uid, st.gid, st.mode & 0o7777];
      };
      assert.deepEqual(of('.config/app'), [4242, 4243, 0o750]);
      assert.deepEqual(of('.config/app/settings.ini'), [4242, 4243, 0o640]);
      assert.deepEqual(of('.profile'), [4244, 4245, 0o604]);
    } finally {
      removeTree(base);
    }
  },
);

/** Whether `chattr +i` works here (root on ext4 or similar): a file neither renamed nor deleted, as a locked one on Windows. */
function immutable(file: string, on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('a changed file that can be neither moved nor deleted (immutable, like a locked one) is counted once, with no restore attempted over it', async (t) => {
  const base = tempDir('tabula-hives-');
  const home = path.join(base, 'home');
  const file = path.join(home, 'AppData/Roaming/SomeApp/settings.ini');
  try {
    layout(base, HOME_FILES);
    captureBaseline(home, path.join(base, 'state'), { platform: 'win32' });
    writeFileSync(file, 'patron settings, longer');
    if (!immutable(file, true)) return void t.skip('chattr +i is not available here');
    const { execute } = await import('../../../main/agent/wipe/execute/executor.js');
    const planned = plan(selectionFor(base, { mode: 'reset', platform: 'win32' }), {
      catalog: CATALOG,
      knownHomes: [],
      files: lockedFiles(() => []),
    });
    assert.deepEqual(
      planned.items.map((i) => path.basename(i.path)),
      ['settings.ini'],
    );
    const summary = await execute(planned, { dryRun: false });
    assert.deepEqual(
      summary.failures,
      [{ category: 'app-data', code: 'E_PERM', count: 1 }],
      'no E_INTERNAL from a restore over the file still there',
    );
    assert.equal(readFileSync(file, 'utf8'), 'patron settings, longer');
  } finally {
    immutable(file, false);
    removeTree(base);
  }
});
