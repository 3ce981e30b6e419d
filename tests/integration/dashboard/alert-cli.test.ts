/** `tabula-dashboard alert ...` and `site name` as a program, against a real loopback webhook receiver. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webhookReceiver } from '../../support/dashboard/receivers.js';
import { removeTree, tempDir } from '../../support/tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dashboard/cli.js');

/** Asynchronous, so the receiver in this process can answer while the CLI waits. */
function run(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

test('alert add / list / test / remove and site name from the CLI', async () => {
  const dir = tempDir('tabula-alert-cli-');
  const hook = await webhookReceiver();
  try {
    const db = ['--data', dir];
    assert.equal((await run(['token', 'create', '--site', 'east', ...db])).code, 0);
    const named = await run(['site', 'name', '--site', 'east', '--name', 'East Side Library', ...db]);
    assert.equal(named.code, 0, named.err);
    assert.equal((await run(['site', 'name', '--site', 'nowhere', '--name', 'X', ...db])).code, 1);
    assert.equal((await run(['alert', 'add', '--site', 'east', '--webhook', 'ftp://bad.test/', ...db])).code, 2);
    const added = await run(['alert', 'add', '--site', 'east', '--webhook', hook.url, ...db]);
    assert.equal(added.code, 0, added.err);
    const key = added.out.trim();
    assert.match(key, /^whk_[A-Za-z0-9_-]{43}$/, 'the HMAC key alone on stdout');
    const list = await run(['alert', 'list', '--json', ...db]);
    const [channel] = JSON.parse(list.out) as { id: string; url: string; hmacKey: string }[];
    assert.ok(channel);
    assert.ok(!list.out.includes(key) && !list.out.includes('secretpart'), 'masked');
    const tested = await run(['alert', 'test', '--id', channel.id, ...db]);
    assert.equal(tested.code, 0, tested.err);
    assert.equal(hook.posts.length, 1);
    const post = hook.posts[0]!;
    const [, ts, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(post.headers['x-tabula-signature'])) ?? [];
    assert.equal(mac, createHmac('sha256', key).update(`${ts}.${post.body}`).digest('hex'));
    assert.match((JSON.parse(post.body) as { text: string }).text, /East Side Library \(east\)/);
    assert.equal((await run(['alert', 'remove', '--id', channel.id, ...db])).code, 0);
    assert.equal((await run(['alert', 'test', '--id', channel.id, ...db])).code, 1);
  } finally {
    await hook.close();
    removeTree(dir);
  }
});
