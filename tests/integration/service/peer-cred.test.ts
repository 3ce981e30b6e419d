/**
 * The patron socket checks that a request acting for a patron account carries that account's
 * token (main/agent/ipc/account-peer.ts, account-tokens.ts): idle ticks, the session start and the
 * logout hint are accepted only from a process that can read the account's token file (its own
 * uid, or root). The real agent in process, its real patron socket, clients as real processes of
 * other uids (`setpriv`) that read the token file as the app does, a real temp home owned by the
 * patron uid; the account → uid mapping is the agent's injected resolver, as for every service test.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { TabulaError } from '../../../main/agent/base/errors.js';
import type { Target } from '../../../main/agent/wipe/types.js';
import { findMarker } from '../../support/grep-marker.js';
import { makePatronHome } from '../../support/patron-home.js';
import { needProgram } from '../../support/programs.js';
import { needRoot } from '../../support/skip.js';
import { accountTokenFile } from '../../../main/agent/ipc/account-tokens.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';

const PATRON_UID = 61_234;
const OTHER_UID = 61_235;
const CONFIG = { accounts: ['patron', 'librarian'], closeBrowsers: false, idle: { timeoutSec: 1, warningSec: 60 } };

/**
 * Sends request lines over the patron socket (with the token of the file `tokenFile`, when it can
 * read it, on idle ticks and session hints), prints `{id, ok, code}` of each answer, waits `holdMs`, exits.
 */
const CLIENT = `
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
const [address, holdMs, tokenFile] = [process.argv[2], Number(process.argv[4]), process.argv[5]];
let token;
try { token = readFileSync(tokenFile, 'utf8').trim(); } catch {}
const requests = JSON.parse(process.argv[3]).map((r) => token && !r.accountToken && ['idleTick', 'sessionStart', 'sessionEnd'].includes(r.type) ? { ...r, accountToken: token } : r);
const s = connect(address);
let buffer = '';
const answers = [];
s.on('connect', () => { for (const r of requests) s.write(JSON.stringify(r) + '\\n'); });
s.on('data', (d) => {
  buffer += d;
  for (let nl = buffer.indexOf('\\n'); nl >= 0; nl = buffer.indexOf('\\n')) {
    const m = JSON.parse(buffer.slice(0, nl));
    buffer = buffer.slice(nl + 1);
    if (m.id === undefined) continue;
    answers.push({ id: m.id, ok: m.ok, code: m.code, outcome: m.result?.result?.outcome });
    if (answers.length === requests.length) {
      process.stdout.write(JSON.stringify(answers) + '\\n');
      setTimeout(() => s.destroy(), holdMs);
    }
  }
});
s.on('error', (e) => { process.stderr.write(e.code + '\\n'); process.exit(2); });
`;

interface Answer {
  id: number;
  ok: boolean;
  code?: string;
  outcome?: string;
}

function needs(t: TestContext): boolean {
  if (process.platform !== 'linux') {
    t.skip('Linux only: other platforms keep endpoint-only authorization');
    return false;
  }
  if (!needRoot(t, 'running clients as other uids')) return false;
  return Boolean(needProgram(t, 'setpriv'));
}

/** Runs the client as `uid` (root: no setpriv); resolves with its answers once printed, and its exit. */
function runClient(dir: string, a: TestAgent, uid: number, requests: object[], holdMs = 0) {
  const args = [
    path.join(dir, 'client.mjs'),
    ipcAddresses(a.stateDir).patron,
    JSON.stringify(requests),
    String(holdMs),
    accountTokenFile(a.stateDir, PATRON_UID),
  ];
  const child =
    uid === 0
      ? spawn(process.execPath, args)
      : spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, ...args]);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const answers = new Promise<Answer[]>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out) as Answer[]);
    });
    void exited.then((code) => reject(new Error(`client exited ${code}: ${err}`)));
  });
  return { answers, exited };
}

async function setUp(t: TestContext) {
  const patron = makePatronHome();
  const resolveAccount = async (name: string): Promise<Target> => {
    if (name === 'patron') return { home: patron.home, tempRoots: [patron.temp], uid: PATRON_UID };
    throw new TabulaError('E_ACCOUNT_UNKNOWN');
  };
  const a = await startTestAgent(CONFIG, { resolveAccount }, patron);
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-peer-client-'));
  t.after(async () => {
    await a.stop();
    patron.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(path.join(dir, 'client.mjs'), CLIENT);
  chmodSync(dir, 0o755);
  chmodSync(patron.base, 0o711);
  await a.handle.recovered;
  const marker = plantSession(patron);
  execFileSync('chown', ['-R', '-h', `${PATRON_UID}:${PATRON_UID}`, patron.home, patron.temp]);
  a.source.begin('patron');
  const markers = () => findMarker([patron.home, patron.temp], marker);
  assert.ok(markers().length >= 10, 'planted');
  return { a, dir, markers };
}

function assertPrivate(a: TestAgent): void {
  const all = a.log.lines.join('\n');
  for (const secret of ['"patron"', a.patron.base, String(PATRON_UID), String(OTHER_UID)])
    assert.ok(!all.includes(secret), `no ${secret} in logs`);
}

const watch = { id: 1, type: 'status', watch: true };
const tick = { id: 2, type: 'idleTick', idleMs: 5000, account: 'patron' };
const tickUnnamed = { id: 3, type: 'idleTick', idleMs: 5000 };
const hint = { id: 4, type: 'sessionEnd', account: 'patron' };
const start = { id: 5, type: 'sessionStart', account: 'patron' };

test(
  'another uid on the patron socket: idle ticks, session start and the logout hint for the patron are refused; nothing armed, nothing wiped',
  { timeout: 60_000 },
  async (t) => {
    if (!needs(t)) return;
    const { a, dir, markers } = await setUp(t);
    const before = markers().length;
    const other = runClient(dir, a, OTHER_UID, [watch, tick, tickUnnamed, hint, start], 300);
    const answers = await other.answers;
    assert.deepEqual(
      answers.map((x) => [x.id, x.ok, x.code]),
      [
        [1, true, undefined],
        [2, false, 'E_FORBIDDEN'],
        [3, false, 'E_FORBIDDEN'],
        [4, false, 'E_FORBIDDEN'],
        [5, false, 'E_FORBIDDEN'],
      ],
    );
    assert.equal(a.handle.idle.state('patron'), 'disarmed', 'its ticks armed nothing');
    await other.exited;
    await a.handle.agent.idle();
    assert.equal(markers().length, before, 'nothing wiped');
    assert.deepEqual(a.handle.agent.status().journal, { dirty: 1, clean: 0 });
    const refused = a.log.lines
      .map((l) => JSON.parse(l) as { event: string; reason?: string })
      .filter((l) => l.event === 'ipc.peer-refused');
    assert.deepEqual(
      refused.map((l) => l.reason),
      ['no-token', 'no-token', 'no-token', 'no-token'],
      "it cannot read the patron's token",
    );
    assertPrivate(a);
  },
);

test("the patron's own uid (and root): its idle ticks arm the countdown, its logout hint wipes", { timeout: 60_000 }, async (t) => {
  if (!needs(t)) return;
  const { a, dir, markers } = await setUp(t);
  const app = runClient(dir, a, PATRON_UID, [watch, tick, tickUnnamed], 2000);
  assert.deepEqual(
    (await app.answers).map((x) => [x.id, x.ok]),
    [
      [1, true],
      [2, true],
      [3, true],
    ],
  );
  assert.equal(a.handle.idle.state('patron'), 'counting', 'its ticks armed the idle logout');
  await app.exited;
  assert.equal(a.handle.idle.state('patron'), 'disarmed', 'its app closed');

  const root = runClient(dir, a, 0, [watch, tick], 0);
  assert.deepEqual(
    (await root.answers).map((x) => [x.id, x.ok]),
    [
      [1, true],
      [2, true],
    ],
    'root can read every token',
  );
  await root.exited;
  assert.equal(markers().length > 0, true, 'nothing wiped yet');

  const hinted = runClient(dir, a, PATRON_UID, [hint]);
  assert.deepEqual(await hinted.answers, [{ id: 4, ok: true, outcome: 'clean' }]);
  await hinted.exited;
  assert.deepEqual(markers(), [], 'the logout hint wiped the session');
  assert.deepEqual(a.handle.agent.status().journal, { dirty: 0, clean: 1 });

  const earlier = readFileSync(accountTokenFile(a.stateDir, PATRON_UID), 'utf8').trim();
  const next = runClient(dir, a, PATRON_UID, [start]);
  assert.deepEqual(await next.answers, [{ id: 5, ok: true }], 'its app reports the next session start');
  await next.exited;
  assert.deepEqual(a.handle.agent.status().journal, { dirty: 1, clean: 0 });
  assert.equal(
    a.log.lines.some((l) => l.includes('ipc.peer-')),
    false,
    'nothing refused',
  );

  // The session start renewed the token: a copy from the session before no longer counts.
  const stale = runClient(dir, a, OTHER_UID, [{ ...tick, accountToken: earlier }]);
  assert.deepEqual(
    (await stale.answers).map((x) => [x.id, x.ok, x.code]),
    [[2, false, 'E_FORBIDDEN']],
  );
  await stale.exited;
  assert.ok(a.log.lines.some((l) => l.includes('ipc.peer-refused') && l.includes('bad-token')));
  assertPrivate(a);
});
