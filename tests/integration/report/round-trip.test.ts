/**
 * Round trip with a real dashboard (child process, SQLite) on loopback: a real `tabula wipe` of a
 * temp home full of planted markers (the home path itself holds one) → enroll → wipe → flush →
 * `tabula-dashboard stats` shows the wipe; then the dashboard's database files and every request
 * body the agent sent hold no marker, no home path and no username.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { createToken, dashboardStats, startDashboard, startProxy, tabula } from './dashboard-child.js';

const MARKER = `tabulareport${Math.random().toString(16).slice(2, 10)}`;

test('real wipe → enroll → flush → stats shows it; nothing of the patron reaches the dashboard', async () => {
  const base = tempDir('tabula-report-rt-');
  const user = `patron${MARKER}`;
  const home = path.join(base, `home-${user}`);
  const temp = path.join(base, 'temp');
  const state = path.join(base, 'state');
  const db = path.join(base, 'dash', 'd.db');
  layout(base, { 'dash/': '' });
  const dashboard = await startDashboard(db);
  const proxy = await startProxy();
  proxy.upstream = dashboard.port;
  try {
    layout(base, {
      [`${path.basename(home)}/.config/chromium/Default/History`]: `https://${MARKER}.example/${MARKER} ${home}`,
      [`${path.basename(home)}/.config/chromium/Default/Cookies`]: `cookie ${MARKER}`,
      [`${path.basename(home)}/.mozilla/firefox/abcd.default-release/places.sqlite`]: `places ${MARKER}`,
      [`${path.basename(home)}/Downloads/${MARKER}.pdf`]: MARKER,
      [`${path.basename(home)}/Desktop/${MARKER} notes.txt`]: `${user} ${MARKER}`,
      [`temp/${MARKER}.tmp`]: MARKER,
    });
    const token = createToken(db);
    const enrolled = await tabula(['enroll', '--dashboard', proxy.url, '--token', token, '--state', state, '--json']);
    assert.equal(enrolled.code, 0, enrolled.err);
    const ids = JSON.parse(enrolled.out) as { ok: boolean; deviceId: string; siteId: string };
    assert.equal(ids.siteId, 'central');
    const credFile = path.join(state, 'report', 'credential.json');
    if (process.platform !== 'win32') {
      assert.equal(statSync(credFile).mode & 0o777, 0o600, 'credential is root-only');
      assert.equal(statSync(path.dirname(credFile)).mode & 0o777, 0o700);
    }
    assert.ok(!enrolled.out.includes(token) && !enrolled.out.includes('tbd_'), 'no token or credential printed');

    const wiped = await tabula(['wipe', '--home', home, '--temp', temp, '--state', state, '--json', '--no-close-browsers']);
    assert.equal(wiped.code, 0, wiped.err);
    assert.equal((JSON.parse(wiped.out) as { outcome: string }).outcome, 'clean');
    const queued = JSON.parse((await tabula(['report', 'status', '--state', state, '--json'])).out) as {
      queued: number;
      enrolled: boolean;
    };
    assert.equal(queued.enrolled, true);
    assert.equal(queued.queued, 1, 'a success waits in the spool for its hour');

    const flushed = await tabula(['report', 'flush', '--state', state, '--json']);
    assert.equal(flushed.code, 0, flushed.err);
    assert.deepEqual(JSON.parse(flushed.out), { ok: true, sent: 1, duplicates: 0, dropped: 0, queued: 0 });
    const stats = dashboardStats(db);
    assert.equal(stats.wipes, 1);
    assert.equal(stats.devices, 1);
    assert.equal(stats.failures, 0);

    const status = JSON.parse((await tabula(['status', '--state', state, '--json'])).out) as {
      report: { queued: number; lastDeliveryAt: string | null };
    };
    assert.equal(status.report.queued, 0);
    assert.ok(status.report.lastDeliveryAt, 'status shows the last delivery');

    const second = JSON.parse((await tabula(['report', 'flush', '--state', state, '--json'])).out) as { sent: number };
    assert.equal(second.sent, 0);
    assert.equal(dashboardStats(db).wipes, 1);

    // Everything the agent sent, and everything the dashboard stored.
    assert.deepEqual(proxy.paths, ['/api/v1/enroll', '/api/v1/reports']);
    const report = JSON.parse(proxy.bodies[1] as string) as { deviceId: string; reports: { categories: Record<string, unknown> }[] };
    assert.equal(report.deviceId, ids.deviceId);
    assert.ok(Object.keys(report.reports[0]?.categories ?? {}).includes('history'), 'the body has the categories');
    await dashboard.stop();
    const files = ['', '-wal', '-shm'].map((s) => `${db}${s}`).filter((f) => existsSync(f));
    assert.ok(files.length >= 1);
    const haystacks = [...proxy.bodies.map((b) => Buffer.from(b)), ...files.map((f) => readFileSync(f))];
    const needles = [MARKER, home, base, user, path.basename(home)];
    const me = userInfo().username;
    if (me.length >= 4) needles.push(me);
    for (const hay of haystacks) {
      for (const needle of needles) {
        for (const form of [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le'), Buffer.from(needle.toLowerCase())]) {
          assert.ok(!hay.includes(form), 'a marker, the home path or a username reached the dashboard');
        }
      }
    }
  } finally {
    await dashboard.stop();
    await proxy.close();
    removeTree(base);
  }
});
