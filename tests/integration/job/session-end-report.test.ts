/**
 * `tabula session end` without a running agent runs the same wipe job as the agent: it is
 * reported like every other wipe (a real spool file, delivered to a real dashboard child on
 * loopback through a recording proxy), and once IT has captured a baseline of the home the next
 * session end is a reset (default `mode: "auto"`): a settings file the patron changed comes back,
 * and the report no longer says `noBaseline`. A session end that cannot run is reported as failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { createToken, dashboardStats, startDashboard, startProxy, tabula } from '../report/dashboard-child.js';

const MARKER = `tabulajob${Math.random().toString(16).slice(2, 10)}`;
const SETTINGS = '.config/someapp/settings.ini';
const ORIGINAL = '[general]\nlanguage=en\n';

interface SentBatch {
  reports: { trigger: string; outcome: string; wipes: number; noBaseline?: number }[];
}

test(
  'session end without an agent: reported (spool → dashboard); after a baseline capture it is a reset',
  { timeout: 120_000 },
  async () => {
    const base = tempDir('tabula-job-end-');
    const home = path.join(base, 'home');
    const temp = path.join(base, 'temp');
    const state = path.join(base, 'state');
    const db = path.join(base, 'dash', 'd.db');
    layout(base, { 'dash/': '', 'temp/': '', [`home/${SETTINGS}`]: ORIGINAL, 'home/.bashrc': '# library\n' });
    const dashboard = await startDashboard(db);
    const proxy = await startProxy();
    proxy.upstream = dashboard.port;
    const end = () => tabula(['session', 'end', '--home', home, '--temp', temp, '--state', state, '--json', '--no-close-browsers']);
    const plant = () =>
      layout(base, {
        'home/.config/chromium/Default/History': `history ${MARKER}`,
        'home/Downloads/resume.pdf': MARKER,
        [`temp/${MARKER}.tmp`]: MARKER,
      });
    try {
      const enrolled = await tabula(['enroll', '--dashboard', proxy.url, '--token', createToken(db), '--state', state, '--json']);
      assert.equal(enrolled.code, 0, enrolled.err);

      // No baseline yet: a catalogue wipe, reported with noBaseline.
      plant();
      const first = await end();
      assert.equal(first.code, 0, first.err);
      const firstOut = JSON.parse(first.out) as { via: string; result: { trigger: string; outcome: string; items: number } };
      assert.equal(firstOut.via, 'direct', 'no agent runs: the CLI wiped');
      assert.equal(firstOut.result.outcome, 'clean');
      assert.equal(firstOut.result.trigger, 'logout');
      const spool = path.join(state, 'report', 'spool');
      const spooled = readdirSync(spool);
      assert.equal(spooled.length, 1, 'one report file waits in the spool');
      const record = JSON.parse(readFileSync(path.join(spool, spooled[0]!), 'utf8')) as {
        report: { trigger: string; noBaseline?: number };
      };
      assert.equal(record.report.trigger, 'logout');
      assert.equal(record.report.noBaseline, 1, 'the report says the wipe ran without a baseline');
      const flushed = await tabula(['report', 'flush', '--state', state, '--json']);
      assert.equal(flushed.code, 0, flushed.err);
      assert.equal((JSON.parse(flushed.out) as { sent: number }).sent, 1);
      assert.equal(dashboardStats(db).wipes, 1, 'the dashboard counted the session end');
      const sent = JSON.parse(proxy.bodies.at(-1)!) as SentBatch;
      assert.deepEqual(
        sent.reports.map((r) => [r.trigger, r.outcome, r.wipes, r.noBaseline]),
        [['logout', 'clean', 1, 1]],
      );

      // IT's one step: the account is set up, capture. The next session end resets.
      const captured = await tabula(['baseline', 'capture', '--home', home, '--state', state, '--json']);
      assert.equal(captured.code, 0, captured.err);
      plant();
      writeFileSync(path.join(home, SETTINGS), `[general]\nlanguage=en\nproxy=${MARKER}\n`);
      const second = await end();
      assert.equal(second.code, 0, second.err);
      assert.equal((JSON.parse(second.out) as { result: { outcome: string } }).result.outcome, 'clean');
      assert.equal(readFileSync(path.join(home, SETTINGS), 'utf8'), ORIGINAL, 'the reset restored the changed settings file');
      // The baseline was captured after the first wipe, so it holds the (emptied) Downloads folder.
      assert.deepEqual(readdirSync(home).sort(), ['.bashrc', '.config', 'Downloads'], 'nothing the baseline lacks remains');
      assert.deepEqual(readdirSync(path.join(home, 'Downloads')), []);
      assert.ok(!existsSync(path.join(home, '.config/chromium/Default/History')));
      assert.deepEqual(readdirSync(temp), []);
      assert.equal((JSON.parse((await tabula(['report', 'flush', '--state', state, '--json'])).out) as { sent: number }).sent, 1);
      const last = JSON.parse(proxy.bodies.at(-1)!) as SentBatch;
      assert.deepEqual(
        last.reports.map((r) => [r.trigger, r.outcome, r.noBaseline]),
        [['logout', 'clean', undefined]],
        'a reset: no noBaseline',
      );
      assert.equal(dashboardStats(db).wipes, 2);

      // A session end that cannot run (the home is gone) is a failed wipe: reported at once.
      const gone = await tabula([
        'session',
        'end',
        '--home',
        path.join(base, `gone-${MARKER}`),
        '--state',
        state,
        '--json',
        '--no-close-browsers',
      ]);
      assert.equal(gone.code, 3, gone.err);
      assert.equal((JSON.parse(gone.out) as { code: string }).code, 'E_ROOT_MISSING');
      const failed = JSON.parse(proxy.bodies.at(-1)!) as { reports: { trigger: string; outcome: string; failures: unknown[] }[] };
      assert.deepEqual(
        failed.reports.map((r) => [r.trigger, r.outcome, r.failures]),
        [['logout', 'failed', [{ category: 'sessions', code: 'E_ROOT_MISSING', count: 1 }]]],
      );
      assert.equal(dashboardStats(db).failures, 1);
      for (const body of proxy.bodies) assert.ok(!body.includes(MARKER) && !body.includes(base), 'counts only reach the dashboard');
    } finally {
      await dashboard.stop();
      await proxy.close();
      removeTree(base);
    }
  },
);
