/**
 * The installer's pending token (`enroll-token` in the machine configuration folder), redeemed by
 * the agent against a real dashboard (child process, SQLite) on loopback: kept and counted while
 * the dashboard is unreachable, redeemed and deleted once it answers, refused when other users
 * could read it, deleted when refused by the dashboard; the token never reaches a log line.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { EventLog } from '../../../main/agent/log/logger.js';
import { reportStatus } from '../../../main/agent/cli/report-commands.js';
import { readCredential } from '../../../main/agent/report/credential.js';
import { PENDING_TOKEN_FILE, enrollPendingToken, readPendingAttempts, startPendingEnrollment } from '../../../main/agent/report/enroll.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { createToken, dashboardStats, startDashboard, startProxy, type DashboardChild, type RecordingProxy } from './dashboard-child.js';

let base: string;
let db: string;
let dashboard: DashboardChild;
let proxy: RecordingProxy;

before(async () => {
  base = tempDir('tabula-enroll-pending-');
  layout(base, { 'dash/': '' });
  db = path.join(base, 'dash', 'd.db');
  dashboard = await startDashboard(db);
  proxy = await startProxy();
});
after(async () => {
  await proxy.close();
  await dashboard.stop();
  removeTree(base);
});

/** A fresh machine: a config folder with the token file (mode 0600 unless told) and an empty state dir. */
function machine(name: string, token: string, mode = 0o600) {
  const configDir = path.join(base, name, 'etc');
  const stateDir = path.join(base, name, 'state');
  layout(base, { [`${name}/etc/`]: '', [`${name}/state/`]: '' });
  const file = path.join(configDir, PENDING_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode });
  chmodSync(file, mode);
  return { configDir, stateDir, file };
}

/** A log that keeps every line, to check that no token is in it. */
function recordingLog(): EventLog & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (event: string, fields?: object) => lines.push(JSON.stringify({ level, event, ...fields }));
  return { lines, info: add('info'), warn: add('warn'), error: add('error'), close: async () => {} };
}

async function closedPortUrl(): Promise<string> {
  const p = await startProxy();
  await p.close();
  return p.url;
}

test('unreachable: the file is kept and each failure counted; then the dashboard answers: enrolled, file deleted', async () => {
  const token = createToken(db);
  const m = machine('unreachable', token);
  const log = recordingLog();
  const down = await closedPortUrl();
  for (const n of [1, 2]) {
    const kept = await enrollPendingToken({ ...m, dashboard: { url: down }, timeoutMs: 3000 }, log);
    assert.deepEqual(kept, { state: 'kept', code: 'E_DASHBOARD_UNREACHABLE', failedAttempts: n });
    assert.ok(existsSync(m.file), 'kept for a later try');
  }
  assert.deepEqual(readPendingAttempts(m.stateDir), { failedAttempts: 2, lastErrorCode: 'E_DASHBOARD_UNREACHABLE' });
  assert.equal(readCredential(m.stateDir), undefined);
  assert.deepEqual(
    reportStatus(m.stateDir).pendingEnrollment,
    { failedAttempts: 2, lastErrorCode: 'E_DASHBOARD_UNREACHABLE' },
    'tabula report status shows it',
  );

  // The dashboard is "up" behind the proxy but drops the connection: still kept.
  proxy.upstream = undefined;
  const dropped = await enrollPendingToken({ ...m, dashboard: { url: proxy.url }, timeoutMs: 3000 }, log);
  assert.equal(dropped.state, 'kept');
  assert.ok(existsSync(m.file));

  proxy.upstream = dashboard.port;
  const done = await enrollPendingToken({ ...m, dashboard: { url: proxy.url } }, log);
  assert.equal(done.state, 'enrolled');
  assert.equal(existsSync(m.file), false, 'the token file is deleted after success');
  const cred = readCredential(m.stateDir);
  assert.ok(cred && done.state === 'enrolled' && cred.deviceId === done.deviceId && cred.siteId === 'central');
  assert.equal(statSync(path.join(m.stateDir, 'report', 'credential.json')).mode & 0o777, 0o600);
  assert.deepEqual(readPendingAttempts(m.stateDir), { failedAttempts: 0, lastErrorCode: null });
  assert.equal(reportStatus(m.stateDir).pendingEnrollment, null);
  assert.equal(dashboardStats(db).devices, 1);
  assert.ok(
    proxy.bodies.some((b) => b.includes(token)),
    'the token went to the dashboard…',
  );
  assert.ok(log.lines.length >= 4 && log.lines.every((l) => !l.includes(token) && !l.includes('tbe_')), '…and never to the log');
  assert.deepEqual(await enrollPendingToken({ ...m, dashboard: { url: proxy.url } }, log), { state: 'none' });
});

test('a token file other users can read is refused with the fix, kept, and never sent', async (t) => {
  if (process.platform === 'win32') return t.skip('Unix file modes');
  const token = createToken(db);
  const log = recordingLog();
  const before = proxy.paths.length;
  for (const mode of [0o644, 0o640, 0o604]) {
    const m = machine(`readable-${mode.toString(8)}`, token, mode);
    const kept = await enrollPendingToken({ ...m, dashboard: { url: proxy.url } }, log);
    assert.deepEqual(kept, { state: 'kept', code: 'E_ENROLL_TOKEN_FILE', failedAttempts: 1 });
    assert.ok(existsSync(m.file));
  }
  assert.equal(proxy.paths.length, before, 'nothing was sent');
  assert.ok(
    log.lines.some((l) => l.includes('chmod 600')),
    log.lines.join('\n'),
  );
  assert.ok(log.lines.every((l) => !l.includes(token)));

  // A link in place of the file is refused too (never followed to wherever it points).
  const m = machine('link', token);
  const real = path.join(base, 'link', 'real-token');
  writeFileSync(real, token, { mode: 0o600 });
  rmSync(m.file);
  symlinkSync(real, m.file);
  assert.equal((await enrollPendingToken({ ...m, dashboard: { url: proxy.url } }, log)).state, 'kept');
  // And a file that holds no token.
  const junk = machine('junk', 'not-a-token');
  assert.deepEqual(await enrollPendingToken({ ...junk, dashboard: { url: proxy.url } }, log), {
    state: 'kept',
    code: 'E_ENROLL_TOKEN_FILE',
    failedAttempts: 1,
  });
});

test('a token the dashboard refuses (already used) is deleted; an enrolled device drops a leftover token; no dashboard: kept', async () => {
  proxy.upstream = dashboard.port;
  const token = createToken(db);
  const first = machine('used-1', token);
  assert.equal((await enrollPendingToken({ ...first, dashboard: { url: proxy.url } })).state, 'enrolled');
  const second = machine('used-2', token);
  assert.deepEqual(await enrollPendingToken({ ...second, dashboard: { url: proxy.url } }), {
    state: 'rejected',
    code: 'E_ENROLL_REJECTED',
  });
  assert.equal(existsSync(second.file), false);

  const leftover = path.join(first.configDir, PENDING_TOKEN_FILE);
  writeFileSync(leftover, createToken(db), { mode: 0o600 });
  assert.deepEqual(await enrollPendingToken({ ...first, dashboard: { url: proxy.url } }), { state: 'already-enrolled' });
  assert.equal(existsSync(leftover), false);

  const none = machine('no-dashboard', createToken(db));
  assert.deepEqual(await enrollPendingToken({ ...none, dashboard: undefined }), {
    state: 'kept',
    code: 'E_NOT_ENROLLED',
    failedAttempts: 1,
  });
  assert.ok(existsSync(none.file));
});

test('startPendingEnrollment (the agent service start): redeems the token in the background', async () => {
  proxy.upstream = dashboard.port;
  const m = machine('service', createToken(db));
  startPendingEnrollment({ stateDir: m.stateDir, configDir: m.configDir, dashboard: () => ({ url: proxy.url }) });
  for (let i = 0; i < 100 && existsSync(m.file); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(m.file), false);
  assert.ok(readCredential(m.stateDir));
  assert.ok(!readFileSync(path.join(m.stateDir, 'report', 'credential.json'), 'utf8').includes('tbe_'));
});
