/**
 * Issue 9, case 12: the patron socket's availability and the agent's memory under a hostile
 * patron (a real account, clients as real processes run with `setpriv`).
 *   held connections   the patron holds 100 watching connections and reopens every one that is
 *                      closed; another patron still gets `status`, an app still gets its session
 *                      start through, root still gets `status` on the privileged socket.
 *   no reading         the patron sends bad lines (then pipelined `status` requests) as fast as the
 *                      agent takes them and never reads an answer: the agent's resident memory
 *                      (VmRSS of this process, where the agent runs) grows by less than 50 MB.
 * After each, the agent still answers `status` and finishes a wipe.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { AgentClient } from '../../../main/app/agent-client.js';
import { findMarker } from '../../support/grep-marker.js';
import { addAccount, outputOf, ownAccountToken, runAs, type TestAccount } from '../../support/ipc-accounts.js';
import { needProgram } from '../../support/programs.js';
import { needRoot } from '../../support/skip.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';

/** Keeps `count` watching connections open, reopening each one the agent closes; prints once all were open once. */
const HOLDER = `
import { connect } from 'node:net';
const [address, count] = [process.argv[2], Number(process.argv[3])];
let opened = 0;
const open = () => {
  const s = connect(address);
  s.on('connect', () => { s.write('{"id":1,"type":"status","watch":true}\\n'); if (++opened === count) process.stdout.write('held\\n'); });
  s.on('error', () => {});
  s.on('close', () => setTimeout(open, 5));
};
for (let i = 0; i < count; i++) open();
`;

/** One status request; prints ok or the error code, exits. */
const ASK = `
import { connect } from 'node:net';
const s = connect(process.argv[2]);
let buffer = '';
s.on('connect', () => s.write('{"id":7,"type":"status"}\\n'));
s.on('data', (d) => { buffer += d; const nl = buffer.indexOf('\\n'); if (nl >= 0) { const m = JSON.parse(buffer.slice(0, nl)); process.stdout.write(m.id === 7 && m.ok ? 'ok\\n' : 'refused\\n'); process.exit(0); } });
s.on('error', (e) => { process.stdout.write(String(e.code) + '\\n'); process.exit(0); });
s.on('close', () => { process.stdout.write('closed\\n'); process.exit(0); });
`;

/** Writes \`line\` repeatedly (up to maxBytes), never reading; prints how much once the agent stops taking it for 3 s. */
const FLOOD = `
import { connect } from 'node:net';
const [address, line, maxBytes] = [process.argv[2], process.argv[3] + '\\n', Number(process.argv[4])];
const chunk = line.repeat(Math.floor(65536 / line.length));
const s = connect(address);
let written = 0;
s.on('error', (e) => { process.stdout.write(JSON.stringify({ written, error: e.code }) + '\\n'); });
const done = (stalled) => process.stdout.write(JSON.stringify({ written, stalled }) + '\\n');
s.on('connect', function pump() {
  while (written < maxBytes) {
    written += chunk.length;
    if (!s.write(chunk)) {
      const t = setTimeout(() => done(true), 3000);
      s.once('drain', () => { clearTimeout(t); pump(); });
      return;
    }
  }
  done(false);
});
`;

const rssKb = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

interface World {
  a: TestAgent;
  dir: string;
  attacker: TestAccount;
  other: TestAccount;
  children: ChildProcess[];
}

async function setUp(t: TestContext): Promise<World | undefined> {
  if (process.platform !== 'linux') return void t.skip('Linux: /proc and setpriv');
  if (!needRoot(t, 'useradd and clients as other uids') || !needProgram(t, 'setpriv') || !needProgram(t, 'useradd')) return undefined;
  const accounts: TestAccount[] = [];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-limits-'));
  const a = await startTestAgent();
  t.after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await a.stop();
    for (const acc of accounts) acc.remove();
    a.patron.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  accounts.push(addAccount('a'), addAccount('b'));
  for (const [name, text] of [
    ['holder.mjs', HOLDER],
    ['ask.mjs', ASK],
    ['flood.mjs', FLOOD],
  ] as const)
    writeFileSync(path.join(dir, name), text);
  chmodSync(dir, 0o755);
  chmodSync(a.patron.base, 0o711);
  await a.handle.recovered;
  return { a, dir, attacker: accounts[0]!, other: accounts[1]!, children };
}

async function stillWorks(w: World): Promise<void> {
  assert.equal((await callAgent(w.a.stateDir, { type: 'status' })).ok, true, 'status on the privileged socket');
  const marker = plantSession(w.a.patron);
  w.a.source.begin('patron');
  const end = await callAgent(w.a.stateDir, { type: 'sessionEnd', account: 'patron', trigger: 'logout', wait: true }, { timeoutMs: 0 });
  assert.equal(end.ok && (end.result as { result?: { outcome: string } }).result?.outcome, 'clean', 'the wipe finishes');
  assert.deepEqual(findMarker([w.a.patron.home, w.a.patron.temp], marker), []);
}

test('case 12: 100 held (and reopened) connections of one patron lock no one out', { timeout: 120_000 }, async (t) => {
  const w = await setUp(t);
  if (!w) return;
  const patronSocket = ipcAddresses(w.a.stateDir).patron;
  const holder = runAs(w.attacker, path.join(w.dir, 'holder.mjs'), [patronSocket, '100']);
  w.children.push(holder);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  for (let i = 0; i < 5; i++) {
    assert.equal(
      (await outputOf(runAs(w.other, path.join(w.dir, 'ask.mjs'), [patronSocket]))).trim(),
      'ok',
      `another patron's status, try ${i + 1}`,
    );
  }
  assert.equal(
    (await outputOf(runAs(undefined, path.join(w.dir, 'ask.mjs'), [ipcAddresses(w.a.stateDir).privileged]))).trim(),
    'ok',
    'root on the privileged socket',
  );
  // The app of a session (this process's uid, whose token it reads) connects, and is heard.
  const app = new AgentClient({ path: patronSocket, reconnectMs: 60_000, accountToken: ownAccountToken(w.a.stateDir) });
  try {
    app.start();
    assert.equal((await app.request({ type: 'sessionStart', account: 'patron' })).ok, true, "the app's session start");
    assert.equal((await app.request({ type: 'status' })).ok, true);
  } finally {
    app.close();
  }
  await stillWorks(w);
});

for (const [what, line] of [
  ['bad lines', 'x'],
  ['pipelined status requests', '{"id":1,"type":"status"}'],
] as const) {
  test(`case 12: ${what} from a client that never reads do not grow the agent's memory`, { timeout: 180_000 }, async (t) => {
    const w = await setUp(t);
    if (!w) return;
    // Warm up (the first status, the first wipe), then the baseline.
    await stillWorks(w);
    const base = rssKb();
    let peak = base;
    const flood = runAs(w.attacker, path.join(w.dir, 'flood.mjs'), [ipcAddresses(w.a.stateDir).patron, line, String(100 * 1024 * 1024)]);
    w.children.push(flood);
    // Sample while it floods; stop it early if the agent balloons (the old code did: keep the machine alive).
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb());
      if (peak - base > 300 * 1024) flood.kill('SIGKILL');
    }, 100);
    try {
      const report = await new Promise<string>((resolve) => {
        let out = '';
        flood.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        flood.once('exit', () => resolve(out || 'killed'));
      });
      console.log(`flood (${what}): ${report.trim()}; agent VmRSS ${Math.round(base / 1024)} MB → peak ${Math.round(peak / 1024)} MB`);
      assert.equal(
        (await callAgent(w.a.stateDir, { type: 'status' }, { endpoint: 'patron' })).ok,
        true,
        'status on the patron socket during the flood',
      );
      peak = Math.max(peak, rssKb());
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak - base < 50 * 1024, `the agent grew by ${Math.round((peak - base) / 1024)} MB (bound: 50 MB)`);
    await stillWorks(w);
  });
}
