/**
 * Real browsers: a headless chromium / firefox-esr "of the patron" (its profile under a temp home)
 * and an unrelated one of the same uid (profile elsewhere). closeBrowsers for the home must end
 * the first with all its children and leave the other running.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBrowsers } from '../../../../main/agent/wipe/processes/close.js';
import { needProgram } from '../../../support/programs.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    if (/^State:\s+Z/m.test(status)) return undefined;
    return Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
  } catch {
    return undefined;
  }
}

/** The live (non-zombie) descendants of pid, pid included when alive. */
async function treeOf(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = await parentOf(Number(name));
    if (ppid !== undefined) parents.set(Number(name), ppid);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    if (parents.has(p)) out.push(p);
    for (const [child, parent] of parents) if (parent === p) walk(child);
  };
  walk(pid);
  return out;
}

async function waitForChildren(pid: number, min: number, ms = 20000): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const tree = await treeOf(pid);
    if (tree.length >= min || Date.now() > end) return tree;
    await sleep(200);
  }
}

/** The environment of a browser started for `home`: its own HOME and XDG folders, never the tester's. */
function browserEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    MOZ_CRASHREPORTER_DISABLE: '1',
  };
}

/** Starts a browser for `home` in its own process group; `stop` kills the groups (cleanup). */
function starter() {
  const groups: number[] = [];
  return {
    start(program: string, home: string, args: string[]): ChildProcess {
      const child = spawn(program, args, { stdio: 'ignore', detached: true, env: browserEnv(home) });
      if (child.pid) groups.push(child.pid);
      child.unref();
      return child;
    },
    async stop(): Promise<void> {
      for (const pgid of groups) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await sleep(200);
    },
  };
}

async function scenario(t: TestContext, program: string, names: string[], argsFor: (home: string) => Promise<string[]>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-browsers-'));
  const browsers = starter();
  t.after(async () => {
    await browsers.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  const home = join(dir, 'patron');
  const elsewhere = join(dir, 'tester');
  await mkdir(home, { recursive: true });
  await mkdir(elsewhere, { recursive: true });

  const patron = browsers.start(program, home, await argsFor(home));
  const other = browsers.start(program, elsewhere, await argsFor(elsewhere));
  const patronTree = await waitForChildren(patron.pid ?? -1, 3);
  const otherTree = await waitForChildren(other.pid ?? -1, 3);
  assert.ok(patronTree.length >= 3, `the patron browser started with children (${patronTree.length} processes)`);
  assert.ok(otherTree.length >= 3, 'the unrelated browser started with children');

  const uid = process.geteuid?.() ?? 0;
  const result = await closeBrowsers({ platform: 'linux', processNames: names, uid, home, graceMs: 8000, killMs: 3000 });
  assert.equal(result.remaining, 0);
  // Counted as found when closing: a browser may have ended a helper process of its own by then (seen
  // with firefox-esr: 3 closed of the 4 seen at start), so the count is of the browser and its children, not of that snapshot.
  assert.ok(result.closed >= 2, `closed the browser and its children (${result.closed}; ${patronTree.length} processes at start)`);

  await sleep(300);
  const survivors = [];
  for (const pid of patronTree) if ((await parentOf(pid)) !== undefined) survivors.push(pid);
  assert.deepEqual(survivors, [], 'the patron browser and all its children are gone');
  assert.equal(other.exitCode, null, 'the unrelated browser still runs');
  assert.ok((await treeOf(other.pid ?? -1)).length >= otherTree.length - 1, 'with its children');
}

test('closeBrowsers ends the patron headless chromium, not an unrelated one', { timeout: 90_000 }, async (t) => {
  const chromium = needProgram(t, 'chromium');
  if (!chromium) return;
  await scenario(t, chromium, ['chromium', 'chromium-browser', 'chrome'], async (home) => [
    '--headless',
    '--no-sandbox',
    '--disable-background-networking',
    `--user-data-dir=${home}/.config/chromium`,
    'about:blank',
  ]);
});

test('closeBrowsers ends the patron headless firefox-esr, not an unrelated one', { timeout: 90_000 }, async (t) => {
  const firefox = needProgram(t, 'firefox-esr');
  if (!firefox) return;
  await scenario(t, firefox, ['firefox-esr', 'firefox'], async (home) => {
    const profile = join(home, '.mozilla/firefox/x.default');
    await mkdir(profile, { recursive: true });
    return ['--headless', '--no-remote', '--profile', profile];
  });
});
