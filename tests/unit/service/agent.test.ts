/** The agent in-process with an injected session source (standing for the OS): end → verified wipe. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigWatcher } from '../../../main/agent/config/watcher.js';
import { Journal } from '../../../main/agent/session/journal.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { checkSurvivors, makePatronHome } from '../../support/patron-home.js';
import { findMarker } from '../../support/grep-marker.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';

const nextResult = (a: TestAgent) =>
  new Promise<WipeResult>((resolve) => {
    const off = a.handle.agent.onWipeDone((r) => {
      off();
      resolve(r);
    });
  });

function assertNoPatronData(a: TestAgent, marker: string): void {
  const text = a.log.lines.join('\n') + JSON.stringify(a.handle.agent.status());
  for (const secret of [marker, a.patron.home, a.patron.base, 'patron"', 'librarian'])
    assert.ok(!text.includes(secret), `no ${secret} in logs/status`);
}

test('session end of the patron → a real, verified wipe; journal clean; nothing else touched', async () => {
  const a = await startTestAgent();
  try {
    await a.handle.recovered;
    const marker = plantSession(a.patron);
    a.source.begin('patron');
    assert.ok(Journal.open(a.stateDir).isDirty({ kind: 'account', name: 'patron' }), 'dirty on disk at session start');
    const done = nextResult(a);
    a.source.end('patron');
    const result = await done;
    assert.equal(result.outcome, 'clean');
    assert.equal(result.remaining, 0);
    assert.ok(result.items > 10);
    assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), [], 'no marker left');
    assert.deepEqual(checkSurvivors(a.patron), []);
    assert.ok(!Journal.open(a.stateDir).isDirty({ kind: 'account', name: 'patron' }));
    const status = a.handle.agent.status();
    assert.deepEqual(status.journal, { dirty: 0, clean: 1 });
    assert.equal(status.last.length, 1);
    assertNoPatronData(a, marker);
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('session end of a staff (refused) or unknown account → nothing is touched', async () => {
  const a = await startTestAgent();
  try {
    await a.handle.recovered;
    const marker = plantSession(a.patron);
    a.source.end('stranger'); // not configured: ignored before any lookup
    a.source.begin('stranger');
    const refused = nextResult(a);
    a.source.end('librarian'); // configured, but vetting refuses it
    const r = await refused;
    assert.equal(r.outcome, 'refused');
    assert.equal(r.code, 'E_ACCOUNT_REFUSED');
    await a.handle.agent.idle();
    assert.ok(findMarker([a.patron.home, a.patron.temp], marker).length >= 10, 'the markers are all still there');
    assert.deepEqual(a.handle.agent.status().journal, { dirty: 0, clean: 0 });
    assert.ok(a.log.lines.some((l) => l.includes('session.ignored')));
    assertNoPatronData(a, marker);
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('recovery: an account left dirty is wiped at start, before the agent is ready', async () => {
  const patron = makePatronHome();
  try {
    const marker = plantSession(patron);
    Journal.open(path.join(patron.base, 'state')).markDirty({ kind: 'account', name: 'patron' });
    const a = await startTestAgent(undefined, {}, patron);
    try {
      assert.equal(a.handle.agent.status().ready, false);
      await a.handle.recovered;
      const status = a.handle.agent.status();
      assert.equal(status.ready, true);
      assert.equal(status.last[0]?.trigger, 'recovery');
      assert.deepEqual(status.journal, { dirty: 0, clean: 1 });
      assert.deepEqual(findMarker([patron.home, patron.temp], marker), []);
    } finally {
      await a.stop();
    }
  } finally {
    patron.cleanup();
  }
});

test('wipes are serialized and deduplicated per account', async () => {
  const a = await startTestAgent();
  try {
    await a.handle.recovered;
    plantSession(a.patron);
    const results: WipeResult[] = [];
    a.handle.agent.onWipeDone((r) => results.push(r));
    for (let i = 0; i < 5; i++) a.source.end('patron');
    await new Promise((r) => setTimeout(r, 10));
    await a.handle.agent.idle();
    assert.ok(results.length >= 1 && results.length <= 2, `5 ends → ${results.length} wipes`);
    assert.ok(results.every((r) => r.outcome === 'clean'));
  } finally {
    await a.stop();
    a.patron.cleanup();
  }
});

test('a bad configuration change is refused; the agent still wipes on the last good one', async () => {
  const patron = makePatronHome();
  const file = path.join(patron.base, 'config.json');
  writeFileSync(file, JSON.stringify({ accounts: ['patron'], closeBrowsers: false }));
  const watcher = new ConfigWatcher({ file, platform: 'linux', pollMs: 50, policy: async () => undefined });
  const state = await watcher.start();
  const a = await startTestAgent(state.config, { watcher }, patron);
  try {
    await a.handle.recovered;
    writeFileSync(file, '{"accounts": ["patron"], "idle": {"timeoutSec": "5m"}}');
    await watcher.reload();
    assert.equal(a.handle.agent.status().config.errors, 1);
    assert.match(a.handle.agent.status().config.lastError ?? '', /\/idle\/timeoutSec: expected integer from 30 to 86400, got "5m"/);
    const marker = plantSession(patron);
    const done = nextResult(a);
    a.source.end('patron');
    assert.equal((await done).outcome, 'clean');
    assert.deepEqual(findMarker([patron.home, patron.temp], marker), []);
    assert.ok(!existsSync(path.join(patron.home, 'Downloads', `${marker}-invoice.pdf`)));
  } finally {
    await a.stop();
    patron.cleanup();
  }
});
