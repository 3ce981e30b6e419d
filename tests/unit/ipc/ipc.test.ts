/** The local channel: schema-checked requests, clear error codes, authorization by endpoint and staff PIN. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { checkRequest } from '../../../main/agent/ipc/server.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';
import { startAgent } from '../../../main/agent/service/start.js';
import { ERROR_CODES } from '../../../protocol/error-codes.js';
import type { IpcEvent } from '../../../protocol/ipc.js';
import { plantSession, startTestAgent } from '../../support/agent-run.js';
import { ownAccountToken } from '../../support/ipc-accounts.js';
import { needRoot } from '../../support/skip.js';

const PIN = '4711';
const CONFIG = { accounts: ['patron', 'librarian'], closeBrowsers: false, staffPinHash: hashPin(PIN) };

/** Sends raw lines; resolves with the parsed answer lines. */
function raw(address: string, text: string, answers = 1): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const s = connect(address);
    const got: Array<Record<string, unknown>> = [];
    let buffer = '';
    s.on('error', reject);
    s.on('connect', () => s.write(text));
    s.on('data', (d) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) got.push(JSON.parse(l));
      if (got.length >= answers) {
        s.destroy();
        resolve(got);
      }
    });
  });
}

test('checkRequest: every malformed request gets E_BAD_REQUEST and the field at fault', () => {
  const cases: Array<[string, number, string]> = [
    ['{not json', -1, '(not JSON)'],
    ['[1,2]', -1, '/type'],
    ['{"id":1}', 1, '/type'],
    ['{"id":2,"type":"formatDisk"}', 2, '/type'],
    ['{"id":3,"type":"idleTick"}', 3, '/idleMs'],
    ['{"id":4,"type":"idleTick","idleMs":-5}', 4, '/idleMs'],
    ['{"id":5,"type":"status","extra":true}', 5, '/extra'],
    ['{"id":6,"type":"sessionEnd","account":""}', 6, '/account'],
    ['{"id":7,"type":"sessionEnd","trigger":"reboot","account":"p"}', 7, '/trigger'],
    ['{"id":8,"type":"staffUnlock","pin":1234}', 8, '/pin'],
    ['{"id":"x","type":"status"}', -1, '/id'],
    ['{"id":9,"type":"wipeNow","token":"short"}', 9, '/token'],
  ];
  for (const [line, id, field] of cases) assert.deepEqual(checkRequest(line), { id, code: 'E_BAD_REQUEST', field }, line);
  assert.ok('request' in checkRequest('{"id":1,"type":"status","watch":true}'));
});

test('authorization: the patron endpoint reads status and sends ticks; privileged requests need the staff PIN', async () => {
  const a = await startTestAgent(CONFIG);
  try {
    await a.handle.recovered;
    const { privileged, patron } = ipcAddresses(a.stateDir);
    assert.equal(statSync(privileged).mode & 0o777, 0o660);
    assert.equal(statSync(patron).mode & 0o777, 0o666);
    assert.equal(statSync(a.stateDir).mode & 0o777, 0o711);

    const ticks: number[] = [];
    a.handle.agent.onIdleTick((t) => ticks.push(t.idleMs));
    const p = { endpoint: 'patron' as const };
    assert.equal((await callAgent(a.stateDir, { type: 'status' }, p)).ok, true);
    assert.deepEqual(await callAgent(a.stateDir, { type: 'idleTick', idleMs: 1234 }, p), { id: 1, ok: true, result: { accepted: true } });
    assert.deepEqual(ticks, [1234]);
    // Acting for a patron account takes that account's token (only its uid and root can read the file).
    assert.deepEqual(await callAgent(a.stateDir, { type: 'sessionStart', account: 'patron' }, p), {
      id: 1,
      ok: false,
      code: 'E_FORBIDDEN',
    });
    const accountToken = ownAccountToken(a.stateDir)();
    assert.ok(accountToken);
    assert.deepEqual(await callAgent(a.stateDir, { type: 'sessionStart', account: 'patron', accountToken }, p), {
      id: 1,
      ok: true,
      result: { dirty: true },
    });
    assert.deepEqual(await callAgent(a.stateDir, { type: 'sessionStart', account: 'stranger' }, p), {
      id: 1,
      ok: false,
      code: 'E_NOT_PATRON',
    });
    for (const body of [
      { type: 'wipeNow' as const },
      { type: 'endSession' as const, account: 'patron' },
      { type: 'preview' as const },
      { type: 'sessionEnd' as const, account: 'patron', trigger: 'manual' as const },
      { type: 'sessionEnd' as const, account: 'patron', trigger: 'idle' as const },
      { type: 'sessionEnd' as const, home: a.patron.home },
    ]) {
      assert.deepEqual(await callAgent(a.stateDir, body, p), { id: 1, ok: false, code: 'E_FORBIDDEN' }, JSON.stringify(body));
    }
    // The app's logout hint needs no token, for configured patron accounts only.
    assert.deepEqual(await callAgent(a.stateDir, { type: 'sessionEnd', account: 'stranger', wait: false }, p), {
      id: 1,
      ok: false,
      code: 'E_NOT_PATRON',
    });
    // Explicit roots are paths: never from the patron endpoint.
    assert.deepEqual(await callAgent(a.stateDir, { type: 'sessionStart', home: a.patron.home }, p), {
      id: 1,
      ok: false,
      code: 'E_FORBIDDEN',
    });
    assert.deepEqual(await callAgent(a.stateDir, { type: 'staffUnlock', pin: '0000' }, p), { id: 1, ok: false, code: 'E_FORBIDDEN' });
    assert.deepEqual(await callAgent(a.stateDir, { type: 'wipeNow', token: 'A'.repeat(32) }, p), { id: 1, ok: false, code: 'E_FORBIDDEN' });

    const unlocked = await callAgent(a.stateDir, { type: 'staffUnlock', pin: PIN }, p);
    assert.ok(unlocked.ok);
    const token = (unlocked.result as { token: string }).token;
    const marker = plantSession(a.patron);
    const events: IpcEvent[] = [];
    const wiped = await callAgent(a.stateDir, { type: 'wipeNow', account: 'patron', token }, { ...p, timeoutMs: 0 });
    assert.ok(wiped.ok, JSON.stringify(wiped));
    assert.equal((wiped.result as { result: { outcome: string } }).result.outcome, 'clean');
    assert.ok(!JSON.stringify(wiped).includes(marker) && !JSON.stringify(wiped).includes(a.patron.home));

    // The privileged endpoint needs no token; a watcher gets progress and wipeDone events.
    await callAgent(
      a.stateDir,
      { type: 'sessionEnd', account: 'patron', wait: true },
      {
        timeoutMs: 0,
        onEvent: (e) => events.push(e),
      },
    );
    const watched: IpcEvent[] = [];
    const watchDone = callAgent(a.stateDir, { type: 'status', watch: true }, { endpoint: 'patron' });
    await watchDone;
    const stream = await import('../../../main/agent/ipc/client.js').then((m) => m.watchAgent(a.stateDir, (e) => watched.push(e)));
    await callAgent(a.stateDir, { type: 'sessionEnd', account: 'patron' }, { timeoutMs: 0 });
    // The watcher's own connection may deliver a moment after the reply.
    for (let waited = 0; !watched.some((e) => e.event === 'wipeDone') && waited < 5_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    stream();
    assert.ok(watched.some((e) => e.event === 'progress'));
    assert.ok(watched.some((e) => e.event === 'wipeDone'));

    // Five wrong PINs lock the unlock, even for the right PIN: E_LOCKED with the seconds to wait.
    for (let i = 0; i < 4; i++) await callAgent(a.stateDir, { type: 'staffUnlock', pin: '9999' }, p);
    assert.deepEqual(await callAgent(a.stateDir, { type: 'staffUnlock', pin: '9999' }, p), {
      id: 1,
      ok: false,
      code: 'E_LOCKED',
      retryAfterSec: 30,
    });
    assert.deepEqual(await callAgent(a.stateDir, { type: 'staffUnlock', pin: PIN }, p), {
      id: 1,
      ok: false,
      code: 'E_LOCKED',
      retryAfterSec: 30,
    });
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('raw lines: errors carry the request id; an over-long line is refused', async () => {
  const a = await startTestAgent(CONFIG);
  try {
    const { privileged } = ipcAddresses(a.stateDir);
    const answers = await raw(privileged, '{"id":7,"type":"nope"}\n{"id":8,"type":"idleTick","idleMs":5}\n', 2);
    assert.deepEqual(answers, [
      { id: 7, ok: false, code: 'E_BAD_REQUEST', field: '/type' },
      { id: 8, ok: true, result: { accepted: true } },
    ]);
    const long = await raw(privileged, 'x'.repeat(70 * 1024));
    assert.deepEqual(long, [{ id: -1, ok: false, code: 'E_BAD_REQUEST', field: '(line too long)' }]);
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('one agent per state directory; private agents run side by side', async () => {
  const a = await startTestAgent(CONFIG);
  const b = await startTestAgent(CONFIG);
  try {
    await assert.rejects(startAgent({ config: CONFIG, stateDir: a.stateDir, sources: [] }), /another agent/);
    assert.equal((await callAgent(a.stateDir, { type: 'status' })).ok, true);
    assert.equal((await callAgent(b.stateDir, { type: 'status' })).ok, true);
    assert.notEqual(ipcAddresses(a.stateDir).privileged, ipcAddresses(b.stateDir).privileged);
    assert.match(ipcAddresses('C:\\ProgramData\\Tabula\\state', 'win32').privileged, /^\\\\\.\\pipe\\tabula-[0-9a-f]{16}$/);
  } finally {
    await a.stop();
    await b.stop();
    a.patron.cleanup();
    b.patron.cleanup();
  }
});

test('another user cannot reach the privileged socket, but can read status (real uid check, needs root)', async (t) => {
  if (!needRoot(t, 'switching to another uid')) return;
  const a = await startTestAgent(CONFIG);
  try {
    chmodSync(a.patron.base, 0o711); // let the other user reach the state directory (mkdtemp makes it 0700)
    const { privileged, patron } = ipcAddresses(a.stateDir);
    const script = `const net=require('node:net');const [addr,line]=process.argv.slice(1);const s=net.connect(addr);
s.on('error',e=>{console.log(JSON.stringify({error:e.code}));});s.on('connect',()=>s.write(line+'\\n'));
s.on('data',d=>{console.log(d.toString().trim());s.destroy();});`;
    // Asynchronous: the agent answers from this very process.
    const asNobody = async (addr: string, line: string) =>
      JSON.parse(
        (
          await promisify(execFile)(process.execPath, ['-e', script, addr, line], { uid: 65534, gid: 65534, encoding: 'utf8' })
        ).stdout.trim(),
      );
    assert.deepEqual(await asNobody(privileged, '{"id":1,"type":"wipeNow"}'), { error: 'EACCES' });
    assert.equal((await asNobody(patron, '{"id":1,"type":"status"}')).ok, true);
    assert.deepEqual(await asNobody(patron, '{"id":2,"type":"sessionEnd","account":"patron","trigger":"manual"}'), {
      id: 2,
      ok: false,
      code: 'E_FORBIDDEN',
    });
    assert.deepEqual(await asNobody(patron, '{"id":3,"type":"preview"}'), { id: 3, ok: false, code: 'E_FORBIDDEN' });
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('without a staff PIN in the configuration, unlocking says so and never locks', async () => {
  const a = await startTestAgent({ accounts: ['patron'], closeBrowsers: false });
  try {
    for (let i = 0; i < 7; i++) {
      assert.deepEqual(
        await callAgent(a.stateDir, { type: 'staffUnlock', pin: PIN }, { endpoint: 'patron' }),
        { id: 1, ok: false, code: 'E_NO_STAFF_PIN' },
        'not a wrong PIN: no lock after five',
      );
    }
    assert.match(ERROR_CODES.E_NO_STAFF_PIN, /tabula staff set-pin/);
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});
