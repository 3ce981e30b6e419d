/**
 * `tabula-dashboard` as a program: user add, token create (token alone on stdout), serve on
 * loopback, a real agent-shaped enrollment and report over HTTP, `device revoke` while it serves
 * (the PC's next report gets 401), then `stats --json` and `purge` — on SQLite (--data) and on
 * PostgreSQL (--db).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedReport, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { pgTarget } from '../../support/dashboard/postgres.js';
import { skipOrFail } from '../../support/skip.js';
import { removeTree, tempDir } from '../../support/tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dashboard/cli.js');

function run(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, cwd, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function serve(db: string[]): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...db, '--port', '0', '--insecure-cookies'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function roundTrip(db: string[]): Promise<void> {
  const add = run(['user', 'add', 'ada', '--role', 'admin', '--password-stdin', ...db], 'correct horse battery\n');
  assert.equal(add.code, 0, add.err);
  assert.equal(run(['user', 'add', 'sam', '--role', 'staff', ...db], 'short\n').code, 2, 'password too short');
  const bo = run(
    ['user', 'add', 'bo', '--role', 'staff', '--site', 'north', '--site', 'east', '--password-stdin', ...db],
    'a long enough password\n',
  );
  assert.equal(bo.code, 0, bo.err);
  const list = run(['user', 'list', '--json', ...db]);
  assert.equal(list.code, 0, list.err);
  assert.deepEqual(JSON.parse(list.out), [
    { name: 'ada', role: 'admin', sites: [] },
    { name: 'bo', role: 'staff', sites: ['east', 'north'] },
  ]);
  assert.ok(!list.out.includes('scrypt') && !list.out.includes('$'), 'no password hash');
  assert.equal(run(['user', 'list', ...db]).out, 'ada\tadmin\tall sites\nbo\tstaff\teast,north\n');
  const removed = run(['user', 'remove', 'bo', ...db]);
  assert.equal(removed.code, 0, removed.err);
  assert.equal(removed.err, 'tabula-dashboard: user bo removed; their sessions ended\n');
  assert.equal(run(['user', 'remove', 'bo', ...db]).code, 1, 'unknown user');
  assert.equal(run(['user', 'list', ...db]).out, 'ada\tadmin\tall sites\n');
  const token = run(['token', 'create', '--site', 'central', ...db]);
  assert.equal(token.code, 0, token.err);
  assert.match(token.out, /^tbe_[A-Za-z0-9_-]{43}\n$/, 'the token alone on stdout');
  const tokenId =
    /^tabula-dashboard: token ([0-9a-f]{12}) for site central: 1 use\(s\), until \S+Z \(token revoke --id \1 ends it\)\n$/.exec(
      token.err,
    )?.[1];
  assert.ok(tokenId, token.err);
  const spare = run(['token', 'create', '--site', 'north', '--uses', '50', ...db]);
  const spareId = /token ([0-9a-f]{12}) /.exec(spare.err)?.[1];
  const tokens = run(['token', 'list', '--json', ...db]);
  assert.equal(tokens.code, 0, tokens.err);
  const listed = JSON.parse(tokens.out) as Array<{ id: string; siteId: string; usesLeft: number }>;
  assert.deepEqual(
    listed.map((t) => [t.id, t.siteId, t.usesLeft]).sort(),
    [
      [spareId, 'north', 50],
      [tokenId, 'central', 1],
    ].sort(),
  );
  assert.ok(!tokens.out.includes(token.out.trim()) && !tokens.out.includes(spare.out.trim()), 'ids, never the tokens');
  const revoked = run(['token', 'revoke', '--id', spareId!, ...db]);
  assert.equal(revoked.code, 0, revoked.err);
  assert.equal(run(['token', 'revoke', '--id', spareId!, ...db]).code, 1, 'no longer active');
  assert.equal(run(['token', 'revoke', '--id', 'not-an-id', ...db]).code, 2);
  assert.deepEqual(
    (JSON.parse(run(['token', 'list', '--json', ...db]).out) as Array<{ id: string }>).map((t) => t.id),
    [tokenId],
  );
  const server = await serve(db);
  try {
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const enrolled = await post('/api/v1/enroll', { v: 1, token: token.out.trim(), agentVersion: '0.1.0', platform: 'linux' });
    assert.equal(enrolled.status, 200);
    const { deviceId, siteId, credential } = (await enrolled.json()) as Record<string, string>;
    const batch = makeBatch({ id: deviceId!, siteId: siteId! }, [
      makeReport({ wipes: 4, safeMs: { le250: 4 }, doneMs: { le1000: 4 } }),
      failedReport(),
    ]);
    for (let i = 0; i < 3; i++) {
      const res = await post('/api/v1/reports', batch, { authorization: `Bearer ${credential}` });
      assert.equal(res.status, 200);
    }
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    const revoke = run(['device', 'revoke', '--device', deviceId!, ...db]);
    assert.equal(revoke.code, 0, revoke.err);
    assert.match(revoke.err, /revoked \(site central\)/);
    assert.match(run(['device', 'revoke', '--device', deviceId!, ...db]).err, /already revoked/);
    assert.equal(run(['device', 'revoke', '--device', `dev_${'0'.repeat(32)}`, ...db]).code, 1, 'unknown device');
    const refused = await post('/api/v1/reports', makeBatch({ id: deviceId!, siteId: siteId! }, [failedReport()]), {
      authorization: `Bearer ${credential}`,
    });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { code: string }).code, 'E_UNAUTHENTICATED');
  } finally {
    await server.stop();
  }
  const stats = run(['stats', '--json', ...db]);
  assert.equal(stats.code, 0, stats.err);
  const json = JSON.parse(stats.out) as Record<string, number>;
  assert.equal(json.devices, 0, 'the revoked PC is not counted');
  assert.equal(json.wipes, 5, 'nothing of the refused report is stored');
  assert.equal(json.failures, 2);
  const purge = run(['purge', '--json', ...db]);
  assert.equal(purge.code, 0, purge.err);
  assert.equal(JSON.parse(purge.out).hourlyRows, 0);
}

test('tabula-dashboard on SQLite (--data)', async () => {
  const dir = tempDir('tabula-dash-cli-');
  try {
    await roundTrip(['--data', dir]);
  } finally {
    removeTree(dir);
  }
});

test('tabula-dashboard on PostgreSQL (--db)', async (t: TestContext) => {
  const target = await pgTarget();
  if (typeof target === 'string') return void skipOrFail(t, target);
  const { schema, done } = await target.fresh();
  try {
    const url = `${target.url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    await roundTrip(['--db', url]);
  } finally {
    await done();
  }
});

test('usage errors exit 2 and name no secret', () => {
  assert.equal(run(['bogus']).code, 2);
  assert.equal(run(['token', 'create']).code, 2);
  assert.equal(run(['token', 'create', '--site', 'Bad Site']).code, 2);
  assert.equal(run(['device', 'revoke']).code, 2);
  assert.equal(run(['device', 'revoke', '--device', 'laptop-7']).code, 2);
  const r = run(['stats', '--json', '--db', 'postgres://u:hunter2secret@127.0.0.1:1/none']);
  assert.equal(r.code, 1);
  assert.ok(!r.err.includes('hunter2secret'));
  assert.equal(
    r.err,
    'tabula-dashboard: stats failed: nothing accepts connections at the host and port in --db; start PostgreSQL or fix the port (ECONNREFUSED)\n',
  );
});

test('a --db that names no store we have is refused and creates nothing; a file that is not SQLite is left as it was', () => {
  const dir = tempDir('tabula-dashboard-db-');
  try {
    const other = run(['stats', '--db', 'mysql://u:hunter2secret@127.0.0.1/lib'], undefined, dir);
    assert.equal(other.code, 2);
    assert.match(
      other.err,
      /^tabula-dashboard: --db: mysql:\/\/ databases are not supported; use sqlite:PATH or postgres:\/\/USER@HOST\/DB\n/,
    );
    assert.ok(!other.err.includes('hunter2secret'));
    const empty = run(['stats', '--db', 'sqlite:'], undefined, dir);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /^tabula-dashboard: --db: sqlite: needs a file/);
    assert.deepEqual(readdirSync(dir), [], 'no folder named after the URL, no database file');

    const notDb = path.join(dir, 'notes.txt');
    writeFileSync(notDb, "the branch manager's notes\n".repeat(100), { mode: 0o600 });
    const wrong = run(['stats', '--db', `sqlite:${notDb}`]);
    assert.equal(wrong.code, 1);
    assert.equal(
      wrong.err,
      "tabula-dashboard: stats failed: the file in --db is not a SQLite database; give a new file name or the dashboard's own file (SQLITE_NOTADB)\n",
    );
    assert.equal(readFileSync(notDb, 'utf8'), "the branch manager's notes\n".repeat(100), 'the file is untouched');
  } finally {
    removeTree(dir);
  }
});
