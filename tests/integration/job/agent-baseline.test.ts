/**
 * The agent (in process, real local channel, real temp home) with the default `mode: "auto"`:
 * status says "no baseline" (counts) until IT captures one; then a session end is a reset
 * (a changed settings file comes back, a file the baseline lacks goes), while staff "Wipe now"
 * with the session still open stays a catalogue wipe (the settings file is left alone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { captureBaseline } from '../../../main/agent/wipe/baseline.js';
import type { AgentStatus, WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { plantSession, startTestAgent } from '../../support/agent-run.js';
import { tabula } from '../report/dashboard-child.js';

const SETTINGS = '.config/someapp/settings.ini';

test(
  'auto mode: status shows no baseline; after capture a session end resets, Wipe now stays a catalogue wipe',
  { timeout: 60_000 },
  async () => {
    const a = await startTestAgent({ accounts: ['patron', 'librarian'], closeBrowsers: false });
    try {
      await a.handle.recovered;
      const status = async () => {
        const r = await callAgent(a.stateDir, { type: 'status' }, { endpoint: 'patron' });
        assert.ok(r.ok);
        return (r.result as AgentStatus).baseline;
      };
      // The refused account (librarian) is not counted: it is never wiped.
      assert.deepEqual(await status(), { mode: 'auto', captured: 0, missing: 1 });
      const cli = await tabula(['status', '--state', a.stateDir]);
      assert.match(cli.out, /baseline: NONE for 1 of 1 patron account: their session ends are catalogue wipes only/);
      const cliJson = JSON.parse((await tabula(['status', '--state', a.stateDir, '--json'])).out) as { baseline: unknown };
      assert.deepEqual(cliJson.baseline, { mode: 'auto', captured: 0, missing: 1 });

      const original = readFileSync(path.join(a.patron.home, SETTINGS), 'utf8');
      captureBaseline(realpathSync(a.patron.home), a.stateDir);
      assert.deepEqual(await status(), { mode: 'auto', captured: 1, missing: 0 });
      assert.match(
        (await tabula(['status', '--state', a.stateDir])).out,
        /baseline: captured for 1 patron account; session ends reset them/,
      );

      // Wipe now, session open: the catalogue only; the changed settings file stays as the patron left it.
      const marker = plantSession(a.patron);
      writeFileSync(path.join(a.patron.home, SETTINGS), `${original}proxy=${marker}\n`);
      const now = await callAgent(a.stateDir, { type: 'wipeNow', account: 'patron' });
      assert.ok(now.ok, JSON.stringify(now));
      assert.equal((now.result as { result: WipeResult }).result.outcome, 'clean');
      assert.ok(!existsSync(path.join(a.patron.home, '.config/chromium/Default/History')), 'the catalogue was wiped');
      assert.match(readFileSync(path.join(a.patron.home, SETTINGS), 'utf8'), new RegExp(marker), 'no reset under an open session');

      // Session end: a reset.
      writeFileSync(path.join(a.patron.home, `notes-${marker}.txt`), marker);
      const done = new Promise<WipeResult>((resolve) => {
        const off = a.handle.agent.onWipeDone((r) => {
          off();
          resolve(r);
        });
      });
      a.source.end('patron');
      const result = await done;
      assert.equal(result.outcome, 'clean', JSON.stringify(result));
      assert.equal(readFileSync(path.join(a.patron.home, SETTINGS), 'utf8'), original, 'the reset restored the settings file');
      assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), [], 'nothing of the patron remains');
    } finally {
      await a.stop();
      a.patron.cleanup();
    }
  },
);
