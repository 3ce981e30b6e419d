/** peer-cred: the parsers on recorded `ss -xpn` output, then the lookup on a real socket of this process. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  effectiveUidOfStatus, parseSs, parseSsLine, parseUsers, peerOfInode, socketInodeOfLink,
} from '../../../main/agent/ipc/peer-cred-parse.js';
import { lookupPeerUid, peerUidFromSs } from '../../../main/agent/ipc/peer-cred.js';
import { needProgram } from '../../support/programs.js';

const dir = fileURLToPath(new URL('../../../../tests/fixtures/ipc/', import.meta.url));
const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const meta = JSON.parse(text('ss-xpn.json')) as { single: { ours: number; peer: number }; shared: { ours: number; peer: number } };

test('ss -xpn: header skipped, every data line parsed; no process column → no users; a shared socket → several', () => {
  const lines = parseSs(text('ss-xpn.txt'));
  assert.equal(lines.length, text('ss-xpn.txt').trim().split('\n').length - 1);
  assert.deepEqual(lines.find((l) => l.local === 1516), { netid: 'u_str', state: 'ESTAB', local: 1516, peer: 1517, users: [] });
  assert.deepEqual(lines.find((l) => l.local === meta.shared.peer)?.users, [{ pid: 24692, fd: 3 }, { pid: 24681, fd: 18 }]);
  assert.deepEqual(lines.find((l) => l.local === meta.single.ours), { netid: 'u_str', state: 'ESTAB', local: meta.single.ours, peer: meta.single.peer, users: [{ pid: 24659, fd: 22 }] });
});

test('peerOfInode: our line → the peer inode → the processes holding it', () => {
  const lines = parseSs(text('ss-xpn.txt'));
  assert.deepEqual(peerOfInode(lines, meta.single.ours), { peer: meta.single.peer, users: [{ pid: 24670, fd: 18 }] });
  assert.deepEqual(peerOfInode(lines, meta.shared.ours), { peer: meta.shared.peer, users: [{ pid: 24692, fd: 3 }, { pid: 24681, fd: 18 }] });
  assert.deepEqual(peerOfInode(lines, 1516), { unknown: 'gone' }, 'a peer held by no visible process');
  assert.deepEqual(peerOfInode(lines, 424242), { unknown: 'gone' }, 'not listed');
});

test('peerOfInode: the client exited → gone; the shared socket still has its other holder', () => {
  const lines = parseSs(text('ss-xpn-peer-exited.txt'));
  assert.deepEqual(peerOfInode(lines, meta.single.ours), { unknown: 'gone' });
  assert.deepEqual(peerOfInode(lines, meta.shared.ours), { peer: meta.shared.peer, users: [{ pid: 24692, fd: 3 }] });
});

test('a bound path with spaces and newlines forging a second line for the client\'s inode: ambiguous, never a uid', () => {
  const forged = JSON.parse(text('ss-xpn-forged.json')) as { ours: number; peer: number };
  const raw = text('ss-xpn-forged.txt');
  assert.ok(raw.includes('"forged",pid=1'), 'the recorded output carries the forged line');
  assert.deepEqual(peerOfInode(parseSs(raw), forged.ours), { unknown: 'ambiguous' });
  assert.deepEqual(peerUidFromSs(raw, forged.ours), { unknown: 'ambiguous' });
});

test('parseSsLine: a local address with a space; a process name with a space; a garbled line', () => {
  const real = text('ss-xpn.txt').split('\n').find((l) => l.includes(`agent-public.sock ${meta.single.ours}`))!;
  const spaced = real.replace('/tmp/tabula-ss-fixture/', '/var/lib/my state/');
  assert.deepEqual(parseSsLine(spaced), parseSsLine(real));
  assert.deepEqual(parseUsers('users:(("Web Content",pid=77,fd=5),("a,b",pid=78,fd=6))'), [{ pid: 77, fd: 5 }, { pid: 78, fd: 6 }]);
  assert.equal(parseSsLine('u_str ESTAB 0 0 /tmp/x y'), undefined);
  assert.equal(parseSsLine('u_str ESTAB 0 0 * abc * 12'), undefined);
  assert.equal(parseSsLine(''), undefined);
});

test('socket link and /proc status', () => {
  assert.equal(socketInodeOfLink('socket:[397719]'), 397719);
  assert.equal(socketInodeOfLink('pipe:[397719]'), undefined);
  assert.equal(socketInodeOfLink('/tmp/socket:[1]'), undefined);
  assert.equal(effectiveUidOfStatus('Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n'), 0, 'the effective uid');
  assert.equal(effectiveUidOfStatus('Name:\tx\n'), undefined);
  if (process.platform === 'linux') assert.equal(effectiveUidOfStatus(readFileSync('/proc/self/status', 'utf8')), process.geteuid!());
});

test('lookupPeerUid on a real connection: our own uid; gone once closed; unsupported elsewhere', async (t) => {
  if (process.platform !== 'linux') {
    t.skip('Linux only');
    return;
  }
  if (!needProgram(t, 'ss')) return;
  const tmp = mkdtempSync(path.join(tmpdir(), 'tabula-peer-'));
  const accepted: Socket[] = [];
  const server = createServer((s) => accepted.push(s));
  const address = path.join(tmp, 'p.sock');
  await new Promise<void>((r) => server.listen(address, r));
  const client = connect(address);
  try {
    await new Promise<void>((r) => client.once('connect', r));
    while (accepted.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(await lookupPeerUid(accepted[0]!), { uid: process.geteuid!() });
    assert.deepEqual(await lookupPeerUid(accepted[0]!, 'darwin'), { unknown: 'unsupported' });
    accepted[0]!.destroy();
    assert.deepEqual(await lookupPeerUid(accepted[0]!), { unknown: 'gone' });
  } finally {
    client.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(tmp, { recursive: true, force: true });
  }
});
