/** AgentClient against a real socket: answers by id, events, a missing agent, and the AppService map onto requests. */
import assert from 'node:assert/strict';
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { patronEndpoint } from '../../../main/app/agent-address.js';
import { AgentClient, parseAgentLine } from '../../../main/app/agent-client.js';
import type { AgentEvent } from '../../../main/app/agent-port.js';
import { AppService } from '../../../main/app/app-service.js';
import { DEFAULT_NOTICE } from '../../../main/app/notice-config.js';
import type { WipeResult } from '../../../protocol/ipc.js';

const RESULT: WipeResult = {
  at: '2025-01-01T00:00:00Z',
  trigger: 'manual',
  outcome: 'clean',
  items: 7,
  bytes: 700,
  safeMs: 5,
  doneMs: 9,
  totalMs: 1234,
  remaining: 0,
  failures: [],
};

test('the patron endpoint is the agent’s own', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const)
    assert.equal(patronEndpoint('/var/lib/tabula', platform), ipcAddresses('/var/lib/tabula', platform).patron);
});

test('parseAgentLine: answers, events, junk', () => {
  assert.deepEqual(parseAgentLine('{"id":3,"ok":true,"result":{"a":1}}'), { id: 3, response: { ok: true, result: { a: 1 } } });
  assert.deepEqual(parseAgentLine('{"id":3,"ok":false,"code":"E_FORBIDDEN"}'), { id: 3, response: { ok: false, code: 'E_FORBIDDEN' } });
  assert.deepEqual(parseAgentLine('{"id":3,"ok":false,"code":"/home/x"}'), { id: 3, response: { ok: false, code: 'E_INTERNAL' } });
  assert.equal(parseAgentLine('{"event":"other"}'), undefined);
  assert.equal(parseAgentLine('nope'), undefined);
  assert.equal(parseAgentLine('[1]'), undefined);
});

test('requests, watch and events over a real socket; the service maps intents to requests', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-client-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sock = path.join(dir, 'agent-public.sock');
  const seen: Array<Record<string, unknown>> = [];
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const req = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        seen.push(req);
        const answer = (body: object) => s.write(JSON.stringify({ id: req.id, ...body }) + '\n');
        if (req.type === 'status')
          answer({
            ok: true,
            result: {
              ready: true,
              version: '0.1.0',
              startedAt: '',
              journal: { dirty: 0, clean: 1 },
              current: null,
              queued: 0,
              last: Array(25).fill(RESULT),
              config: { patronAccounts: 1, errors: 0 },
            },
          });
        else if (req.type === 'staffUnlock')
          answer(
            req.pin === '9999'
              ? { ok: true, result: { token: 'tok_'.padEnd(24, 'x'), expiresInSec: 300 } }
              : { ok: false, code: 'E_FORBIDDEN' },
          );
        else if (req.type === 'wipeNow') {
          s.write(
            JSON.stringify({ event: 'progress', progress: { trigger: 'manual', phase: 'moving', done: 1, total: 2, queued: 0 } }) + '\n',
          );
          answer({ ok: true, result: { queued: true, result: RESULT } });
        } else answer({ ok: false, code: 'E_BAD_REQUEST' });
      }
    });
  });
  await new Promise<void>((r) => server.listen(sock, r));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const client = new AgentClient({ path: sock, reconnectMs: 50, accountToken: () => 'acct_'.padEnd(43, 'y') });
  t.after(() => client.close());
  client.start();
  const events: AgentEvent[] = [];
  client.onEvent((e) => events.push(e));
  const service = new AppService({ agent: client, account: 'patron1', notice: () => DEFAULT_NOTICE });

  assert.deepEqual(await service.wipeNow(), { ok: false, code: 'E_FORBIDDEN', help: ERROR_HELP.E_FORBIDDEN }, 'no token, no request');
  assert.deepEqual(await service.unlock('1234'), { ok: false, code: 'E_FORBIDDEN', help: ERROR_HELP.E_FORBIDDEN });
  assert.deepEqual(await service.unlock('9999'), { ok: true, expiresInSec: 300 });
  const wiped = await service.wipeNow();
  assert.ok(wiped.ok);
  assert.equal(wiped.result.seconds, 1.2);
  assert.equal(events.length, 1);
  const wipeReq = seen.find((r) => r.type === 'wipeNow')!;
  assert.deepEqual({ ...wipeReq, id: 0 }, { type: 'wipeNow', account: 'patron1', wait: true, token: 'tok_'.padEnd(24, 'x'), id: 0 });
  assert.deepEqual(seen[0], { id: 0, type: 'status', watch: true, accountToken: 'acct_'.padEnd(43, 'y') }, 'watch first, as this account');
  assert.deepEqual(
    await service.preview(),
    { ok: false, code: 'E_UNSUPPORTED', help: ERROR_HELP.E_UNSUPPORTED },
    'an agent without preview',
  );
  const rows = await service.lastResults();
  assert.ok(rows.ok && rows.rows.length === 20);
  const status = await service.status();
  assert.equal(status.agent, 'connected');
  assert.deepEqual(status.staff, { unlocked: true, expiresInSec: 300 });
  assert.equal(await service.idleTick(-5), false, 'the stub refuses idleTick; the call still resolves');
  assert.equal(seen.at(-1)!.idleMs, 0);
  assert.equal(seen.at(-1)!.accountToken, 'acct_'.padEnd(43, 'y'), 'idle ticks carry the account token');
  assert.equal(wipeReq.accountToken, undefined, 'other requests do not');

  // The agent goes away: answers become E_AGENT_UNAVAILABLE, never exceptions.
  for (const s of sockets) s.destroy();
  server.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await service.lastResults(), { ok: false, code: 'E_AGENT_UNAVAILABLE', help: ERROR_HELP.E_AGENT_UNAVAILABLE });
  assert.equal((await service.status()).agent, 'unavailable');
});

test('no agent at all: E_AGENT_UNAVAILABLE', async () => {
  const client = new AgentClient({ path: path.join(tmpdir(), 'tabula-none', 'agent-public.sock'), reconnectMs: 10_000 });
  try {
    assert.deepEqual(await client.request({ type: 'status' }), { ok: false, code: 'E_AGENT_UNAVAILABLE' });
  } finally {
    client.close();
  }
});
