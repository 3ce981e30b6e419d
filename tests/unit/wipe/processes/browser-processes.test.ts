import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeBrowsers } from '../../../../main/agent/wipe/processes/close.js';
import { ENVIRON_LIMIT, listProcesses, readNulListHead } from '../../../../main/agent/wipe/processes/list.js';
import { parseCsvLine, parsePsOutput, parseTasklistCsv } from '../../../../main/agent/wipe/processes/parse.js';
import type { ProcessInfo } from '../../../../main/agent/wipe/processes/process-info.js';
import { mentionsHome, selectBrowserProcesses } from '../../../../main/agent/wipe/processes/select.js';

const fixtures = fileURLToPath(new URL('../../../../../tests/fixtures/processes/', import.meta.url));
const fixture = (name: string) => readFile(join(fixtures, name), 'utf8');

// ---- macOS ps -------------------------------------------------------------------------------

for (const file of ['darwin-ps.txt', 'darwin-ps-full-comm.txt']) {
  test(`parsePsOutput: ${file} splits comm and args although both hold spaces`, async () => {
    const ps = parsePsOutput(await fixture(file));
    assert.equal(ps.length, 18);
    const renderer = ps.find((p) => p.pid === 1210);
    assert.ok(renderer);
    assert.equal(renderer.uid, 502);
    assert.match(renderer.exe ?? '', /\/Google Chrome Helper \(Renderer\)$/);
    assert.match(renderer.cmdline ?? '', /^\/Applications\/Google Chrome\.app\/.* --type=renderer /);
    const main = ps.find((p) => p.pid === 1187);
    assert.equal(main?.exe, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    assert.equal(ps.find((p) => p.pid === 0)?.cmdline, '(kernel_task)');
    assert.equal(ps.find((p) => p.pid === 2305)?.exe, '/bin/zsh');
    assert.equal(ps.find((p) => p.pid === 1450)?.exe, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  test(`selectBrowserProcesses (darwin, ${file}): the patron's Chrome and its helpers, not staff's`, async () => {
    const ps = parsePsOutput(await fixture(file));
    const names = ['Google Chrome'];
    const picked = selectBrowserProcesses(ps, {
      platform: 'darwin',
      processNames: names,
      uid: 502,
      home: '/Users/leser',
      selfPid: 2391,
      selfUid: 0,
    });
    assert.deepEqual(
      picked.map((p) => p.pid).sort((a, b) => a - b),
      [1187, 1201, 1202, 1210, 1214, 1388],
    );
    const firefox = selectBrowserProcesses(ps, {
      platform: 'darwin',
      processNames: ['firefox'],
      uid: 502,
      home: '/Users/leser',
      selfPid: 2391,
      selfUid: 0,
    });
    assert.deepEqual(
      firefox.map((p) => p.pid),
      [2001, 2010],
    );
  });
}

test('parsePsOutput: with ppid column', () => {
  const ps = parsePsOutput(
    '  812     1   501 /Applications/Chromium.app/Contents/MacOS/Chromium /Applications/Chromium.app/Contents/MacOS/Chromium --flag\n',
    { withPpid: true },
  );
  assert.deepEqual(ps, [
    {
      pid: 812,
      ppid: 1,
      uid: 501,
      comm: '/Applications/Chromium.app/Contents/MacOS/Chromium',
      cmdline: '/Applications/Chromium.app/Contents/MacOS/Chromium --flag',
      exe: '/Applications/Chromium.app/Contents/MacOS/Chromium',
      argv0: '/Applications/Chromium.app/Contents/MacOS/Chromium',
    },
  ]);
});

// ---- Windows tasklist -----------------------------------------------------------------------

test('parseCsvLine: quotes, doubled quotes and commas inside cells', () => {
  assert.deepEqual(parseCsvLine('"a","1,024 K","Say ""hi"", all",x'), ['a', '1,024 K', 'Say "hi", all', 'x']);
});

test('parseTasklistCsv: English tasklist /v', async () => {
  const ps = parseTasklistCsv(await fixture('win-tasklist-v-en.csv'));
  assert.equal(ps.length, 17);
  assert.deepEqual(
    ps.find((p) => p.pid === 6788),
    { pid: 6788, comm: 'chrome.exe', user: 'LIB-PC07\\patron' },
  );
  assert.equal(ps.find((p) => p.pid === 4)?.user, undefined, 'N/A is no user');
  assert.equal(ps.find((p) => p.pid === 1388)?.user, 'NT AUTHORITY\\NETWORK SERVICE');
  assert.equal(ps.find((p) => p.pid === 7544)?.comm, 'msedge.exe');
});

test('parseTasklistCsv: German tasklist /v (localized values, same positions)', async () => {
  const ps = parseTasklistCsv(await fixture('win-tasklist-v-de.csv'));
  assert.equal(ps.length, 12);
  assert.equal(ps.find((p) => p.pid === 4)?.user, undefined, '"Nicht zutreffend" is no user');
  assert.equal(ps.find((p) => p.pid === 4520)?.user, 'BIB-PC03\\Jürgen');
  const picked = selectBrowserProcesses(ps, {
    platform: 'win32',
    processNames: ['firefox.exe'],
    user: 'jürgen',
    home: 'C:\\Users\\Jürgen',
    selfPid: 7002,
    selfUser: 'SYSTEM',
  });
  assert.deepEqual(
    picked.map((p) => p.pid),
    [4520, 4588, 4630],
  );
});

test('parseTasklistCsv: French tasklist /v and the short form without /v', async () => {
  const fr = parseTasklistCsv(await fixture('win-tasklist-v-fr.csv'));
  assert.deepEqual(
    fr.map((p) => p.pid),
    [4, 1012, 3900, 4012, 4100, 4500],
  );
  assert.equal(fr.find((p) => p.pid === 1012)?.user, 'AUTORITE NT\\Système');
  const short = parseTasklistCsv(await fixture('win-tasklist-en.csv'));
  assert.deepEqual(short, [
    { pid: 0, comm: 'System Idle Process' },
    { pid: 6788, comm: 'chrome.exe' },
    { pid: 6812, comm: 'chrome.exe' },
  ]);
});

test('selectBrowserProcesses (win32): only the patron user; case-insensitive; DOMAIN\\user form', async () => {
  const ps = parseTasklistCsv(await fixture('win-tasklist-v-en.csv'));
  const opts = { platform: 'win32' as const, processNames: ['chrome.exe'], home: 'C:\\Users\\patron', selfPid: 9310, selfUser: 'SYSTEM' };
  assert.deepEqual(
    selectBrowserProcesses(ps, { ...opts, user: 'Patron' }).map((p) => p.pid),
    [6788, 6812, 7024, 7311],
  );
  assert.deepEqual(
    selectBrowserProcesses(ps, { ...opts, user: 'lib-pc07\\patron', processNames: ['CHROME'] }).map((p) => p.pid),
    [6788, 6812, 7024, 7311],
  );
  assert.deepEqual(selectBrowserProcesses(ps, { ...opts, user: 'OTHER\\patron' }), []);
  assert.deepEqual(selectBrowserProcesses(ps, { ...opts, user: undefined }), [], 'no user: nothing');
  assert.deepEqual(selectBrowserProcesses(ps, { ...opts, user: 'SYSTEM' }), [], 'SYSTEM: nothing');
});

test("SAFETY (win32): the agent's own user selects nothing, since tasklist shows no command lines", async () => {
  const ps = parseTasklistCsv(await fixture('win-tasklist-v-en.csv'));
  const opts = { platform: 'win32' as const, processNames: ['chrome.exe'], home: 'C:\\Users\\patron', selfPid: 1 };
  assert.deepEqual(selectBrowserProcesses(ps, { ...opts, user: 'patron', selfUser: 'Patron' }), []);
  assert.deepEqual(selectBrowserProcesses(ps, { ...opts, user: 'LIB-PC07\\patron', selfUser: 'patron' }), []);
});

// ---- Linux selection rules ------------------------------------------------------------------

const HOME = '/home/leser';
const linux = (p: Partial<ProcessInfo> & { pid: number }): ProcessInfo => ({ comm: 'bash', ppid: 1, uid: 1001, ...p });
const tree: ProcessInfo[] = [
  linux({ pid: 1, ppid: 0, uid: 0, comm: 'systemd', exe: '/usr/lib/systemd/systemd' }),
  linux({ pid: 100, uid: 0, comm: 'tabula', exe: '/usr/bin/node' }), // the agent
  linux({
    pid: 200,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    argv0: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --user-data-dir=/home/leser/.config/chromium',
  }),
  linux({ pid: 201, ppid: 200, comm: 'chromium', exe: '/usr/lib/chromium/chromium', cmdline: '/usr/lib/chromium/chromium --type=zygote' }),
  linux({
    pid: 202,
    ppid: 201,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --type=renderer',
  }),
  linux({
    pid: 300,
    comm: 'firefox-esr',
    argv0: 'firefox-esr',
    exe: '/usr/lib/firefox-esr/firefox-esr (deleted)'.replace(/ \(deleted\)$/, ''),
  }),
  linux({ pid: 301, ppid: 300, comm: 'Web Content', exe: '/usr/lib/firefox-esr/firefox-esr', argv0: '/usr/lib/firefox-esr/firefox-esr' }),
  linux({ pid: 302, ppid: 300, comm: 'forkserver', exe: undefined, argv0: '/usr/lib/firefox-esr/firefox-esr' }),
  linux({ pid: 400, uid: 1002, comm: 'chromium', exe: '/usr/lib/chromium/chromium' }), // another user
  linux({
    pid: 500,
    uid: 0,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --user-data-dir=/root/.config/chromium',
    home: '/root',
  }),
  linux({
    pid: 501,
    ppid: 500,
    uid: 0,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --type=renderer',
  }),
  linux({
    pid: 600,
    uid: 0,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --headless --user-data-dir=/home/leser/.config/chromium',
  }),
  linux({
    pid: 601,
    ppid: 600,
    uid: 0,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --type=zygote',
  }),
  linux({ pid: 602, ppid: 601, uid: 0, comm: 'chrome_crashpad', exe: '/usr/lib/chromium/chrome_crashpad_handler' }),
  linux({
    pid: 700,
    uid: 0,
    comm: 'chromium',
    exe: '/usr/lib/chromium/chromium',
    cmdline: '/usr/lib/chromium/chromium --user-data-dir=/home/leser2/.config/chromium',
  }),
  linux({ pid: 800, uid: 0, comm: 'chromium-browse', exe: undefined, cmdline: 'chromium-browser', home: '/home/leser' }),
  linux({ pid: 900, comm: 'leafpad', exe: '/usr/bin/leafpad', cmdline: '/usr/bin/leafpad /home/leser/notes.txt' }),
];
const pids = (list: ProcessInfo[]) => list.map((p) => p.pid).sort((a, b) => a - b);
const chromiumNames = ['chromium', 'chromium-browser', 'chrome'];

test('selection: a patron-uid browser and its children are selected, other users are not', () => {
  const opts = { platform: 'linux' as const, uid: 1001, home: HOME, selfPid: 100, selfUid: 0 };
  assert.deepEqual(pids(selectBrowserProcesses(tree, { ...opts, processNames: chromiumNames })), [200, 201, 202]);
  assert.deepEqual(pids(selectBrowserProcesses(tree, { ...opts, processNames: ['firefox-esr', 'firefox'] })), [300, 301, 302]);
  assert.deepEqual(pids(selectBrowserProcesses(tree, { ...opts, uid: 1002, processNames: chromiumNames })), [400]);
});

test('selection: Linux matching is case-sensitive; comm, exe and argv0 basenames count', () => {
  const opts = { platform: 'linux' as const, uid: 1001, home: HOME, selfPid: 100, selfUid: 0 };
  assert.deepEqual(selectBrowserProcesses(tree, { ...opts, processNames: ['Chromium'] }), []);
  const byArgv0 = [linux({ pid: 10, comm: 'x', argv0: '/opt/chromium/chromium' })];
  assert.deepEqual(pids(selectBrowserProcesses(byArgv0, { ...opts, processNames: ['chromium'] })), [10]);
});

test('SAFETY: root-run chromium not mentioning the home is never selected; one naming it is, with its tree', () => {
  const opts = { platform: 'linux' as const, uid: 0, home: HOME, processNames: chromiumNames, selfPid: 100, selfUid: 0 };
  const picked = pids(selectBrowserProcesses(tree, opts));
  assert.deepEqual(picked, [600, 601, 602, 800]);
  assert.ok(!picked.includes(500) && !picked.includes(501), 'the tester browser is untouched');
  assert.ok(!picked.includes(700), '/home/leser2 is not under /home/leser');
  assert.deepEqual(pids(selectBrowserProcesses(tree, { ...opts, home: HOME + '/' })), [600, 601, 602, 800]);
});

test("SAFETY: the agent's own euid gets the same home rule as root", () => {
  const own = tree.map((p) => (p.uid === 0 && p.pid !== 1 ? { ...p, uid: 4242 } : p));
  const opts = { platform: 'linux' as const, uid: 4242, home: HOME, processNames: chromiumNames, selfPid: 100, selfUid: 4242 };
  assert.deepEqual(pids(selectBrowserProcesses(own, opts)), [600, 601, 602, 800]);
  assert.deepEqual(selectBrowserProcesses(own, { ...opts, home: '/' }), [], 'home / selects nothing');
  assert.deepEqual(selectBrowserProcesses(own, { ...opts, home: 'relative/home' }), [], 'a relative home selects nothing');
});

test('SAFETY: the current process and its ancestors are never selected', () => {
  const procs = [
    linux({ pid: 10, comm: 'chromium', exe: '/usr/lib/chromium/chromium' }),
    linux({ pid: 11, ppid: 10, comm: 'sh', exe: '/bin/sh' }),
    linux({ pid: 12, ppid: 11, comm: 'chromium', exe: '/usr/lib/chromium/chromium' }), // the agent, oddly named
    linux({ pid: 13, ppid: 12, comm: 'chromium', exe: '/usr/lib/chromium/chromium' }), // the agent's child
    linux({ pid: 14, ppid: 10, comm: 'chromium', exe: '/usr/lib/chromium/chromium' }),
  ];
  const picked = pids(
    selectBrowserProcesses(procs, { platform: 'linux', uid: 1001, home: HOME, processNames: ['chromium'], selfPid: 12, selfUid: 0 }),
  );
  assert.deepEqual(picked, [13, 14]);
  const real = selectBrowserProcesses(
    [
      { pid: process.pid, ppid: process.ppid, uid: 1001, comm: 'chromium' },
      { pid: process.ppid, uid: 1001, comm: 'chromium' },
    ],
    { platform: 'linux', uid: 1001, home: HOME, processNames: ['chromium'] },
  );
  assert.deepEqual(real, []);
});

test('selection: no uid on POSIX selects nothing', () => {
  assert.deepEqual(
    selectBrowserProcesses(tree, { platform: 'linux', home: HOME, processNames: chromiumNames, selfPid: 100, selfUid: 0 }),
    [],
  );
});

test('mentionsHome: whole paths only', () => {
  assert.ok(mentionsHome('--user-data-dir=/home/a/.config/chromium', '/home/a'));
  assert.ok(mentionsHome('--profile /home/a', '/home/a'));
  assert.ok(mentionsHome('/home/a', '/home/a/'));
  assert.ok(!mentionsHome('--user-data-dir=/home/ab/x', '/home/a'));
  assert.ok(!mentionsHome('--user-data-dir=/var/home/a/x', '/home/a'));
  assert.ok(!mentionsHome('/home/A/x', '/home/a'));
  assert.ok(mentionsHome('--user-data-dir="C:\\Users\\Patron\\AppData"', 'c:\\users\\patron', 'win32'));
  assert.ok(!mentionsHome('anything /', '/'));
});

// ---- Linux listing and closing, on real processes -------------------------------------------

test(
  'listProcesses (linux): finds this process with uid, ppid, exe, cmdline and HOME',
  { skip: process.platform !== 'linux' },
  async () => {
    const me = (await listProcesses('linux')).find((p) => p.pid === process.pid);
    assert.ok(me);
    assert.equal(me.uid, process.getuid?.());
    assert.equal(me.ppid, process.ppid);
    assert.equal(me.exe, process.execPath);
    assert.match(me.cmdline ?? '', /browser-processes\.test/);
    assert.equal(me.home, process.env.HOME);
    assert.ok(me.start);
  },
);

test('readNulListHead: a whole small list; a large one cut at the limit, its partial last entry dropped', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-tidy-environ-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const small = join(dir, 'small');
  await writeFile(small, 'A=1\0HOME=/home/p\0');
  assert.equal(await readNulListHead(small, 1024), 'A=1\0HOME=/home/p\0');
  const big = join(dir, 'big');
  await writeFile(big, `A=${'x'.repeat(40_000)}\0B=${'y'.repeat(40_000)}\0HOME=/home/p\0`);
  const head = await readNulListHead(big, 50_000);
  assert.equal(head, `A=${'x'.repeat(40_000)}\0`);
  assert.equal((await readNulListHead(big, 200_000)).split('\0').at(-2), 'HOME=/home/p');
});

test('listProcesses (linux): reads at most ENVIRON_LIMIT of a process environment', { skip: process.platform !== 'linux' }, async (t) => {
  // Three 100 KiB variables, then HOME: past the limit, so it is not read; HOME first is.
  const padding = Object.fromEntries(['P1', 'P2', 'P3'].map((k) => [k, 'z'.repeat(100 * 1024)]));
  const late = spawn('sleep', ['30'], { env: { ...padding, HOME: '/nonexistent/late' }, stdio: 'ignore' });
  const early = spawn('sleep', ['30'], { env: { HOME: '/nonexistent/early', ...padding }, stdio: 'ignore' });
  t.after(() => {
    late.kill('SIGKILL');
    early.kill('SIGKILL');
  });
  await Promise.all([once(late, 'spawn'), once(early, 'spawn')]);
  assert.ok(3 * 100 * 1024 > ENVIRON_LIMIT);
  const all = await listProcesses('linux');
  const seen = (pid: number | undefined) => all.find((p) => p.pid === pid);
  assert.equal(seen(early.pid)?.home, '/nonexistent/early');
  assert.ok(seen(late.pid), 'the process is listed');
  assert.equal(seen(late.pid)?.home, undefined, 'HOME beyond the limit is not read');
});

test(
  'closeBrowsers: forces a "browser" that ignores SIGTERM, keeps an unrelated one',
  { skip: process.platform !== 'linux' },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tabula-close-'));
    const home = join(dir, 'home');
    const fake = join(dir, 'chromium');
    // A script named chromium: comm is "chromium". It ignores SIGTERM like a hung browser.
    await writeFile(fake, "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.05; done\n");
    await chmod(fake, 0o755);
    const patron = spawn(fake, [`--user-data-dir=${home}/.config/chromium`], { stdio: 'ignore' });
    const other = spawn(fake, [`--user-data-dir=${dir}/elsewhere`], { stdio: 'ignore' });
    t.after(async () => {
      patron.kill('SIGKILL');
      other.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    });
    // Both have exec'd the script (comm "chromium") before the agent looks, however busy the machine.
    const comm = (pid: number | undefined) => readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    for (let waited = 0; waited < 10_000; waited += 20) {
      if ((await comm(patron.pid)).trim() === 'chromium' && (await comm(other.pid)).trim() === 'chromium') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const uid = process.geteuid?.() ?? 0;
    const started = Date.now();
    const result = await closeBrowsers({ platform: 'linux', processNames: ['chromium'], uid, home, graceMs: 300, killMs: 2000 });
    assert.ok(result.closed >= 1, 'the patron browser was closed');
    assert.equal(result.remaining, 0);
    assert.ok(Date.now() - started >= 300, 'waited for the grace period first');
    if (patron.exitCode === null && patron.signalCode === null) await once(patron, 'exit');
    assert.equal(patron.signalCode, 'SIGKILL', 'it took the forced kill');
    assert.equal(other.exitCode, null);
    assert.equal(other.signalCode, null, 'the unrelated one still runs');
    const none = await closeBrowsers({ platform: 'linux', processNames: ['no-such-browser'], uid, home });
    assert.deepEqual(none, { closed: 0, remaining: 0 });
  },
);
