/**
 * Recovery: the real agent (`node dist/main/cli.js agent`) on a heavy home (20,000 files) is
 * killed with SIGKILL at several points — after the session start was journaled, while moving
 * items into the graveyard, while deleting the graveyard — and restarted: it wipes the dirty home
 * first, leaves no marker and no graveyard, the journal ends clean, and nothing outside the roots
 * is touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { journalCounts } from '../../../main/agent/session/journal.js';
import { startAgentProcess, waitStatus } from '../../support/agent-process.js';
import { findMarker } from '../../support/grep-marker.js';
import { makeMarker } from '../../support/marker-server.js';
import { checkSurvivors, makePatronHome, type PatronHome } from '../../support/patron-home.js';

const FILES = 20_000;

function heavyHome(p: PatronHome, marker: string): void {
  const downloads = path.join(p.home, 'Downloads');
  for (let i = 0; i < 8000; i++) writeFileSync(path.join(downloads, `f${i}.bin`), `download ${i} ${marker}`);
  const cache = path.join(p.home, '.cache', 'chromium', 'Default', 'Cache', 'Cache_Data');
  for (let d = 0; d < 100; d++) {
    const dir = path.join(cache, `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < (FILES - 8000) / 100; i++) writeFileSync(path.join(dir, `c${i}`), `cache ${marker}`);
  }
  writeFileSync(path.join(p.temp, `${marker}.tmp`), marker);
}

/** Graveyards of a home: beside it (in its root-owned parent) or, where that cannot be, at its top. */
const graveyards = (home: string) =>
  [home, path.dirname(home)].flatMap((dir) => readdirSync(dir).filter((n) => n.startsWith('.tabula-graveyard-')));
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Busy-polls the home (the agent is another process) until `phase` is seen; returns what was seen. */
function waitPhase(home: string, phase: 'moving' | 'deleting', limitMs = 30_000): string {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    let g: string[] = [];
    let left = 0;
    try {
      g = graveyards(home);
      left = readdirSync(path.join(home, 'Downloads')).length;
    } catch {
      left = 0;
    }
    if (g.length > 0 && phase === 'moving' && left > 0) return `moving (${left} downloads not yet moved)`;
    if (g.length > 0 && phase === 'deleting' && left === 0) return 'deleting (all moved, graveyard present)';
    sleep(1);
  }
  return 'not seen';
}

for (const point of ['after session start', 'while moving', 'while deleting'] as const) {
  test(`kill -9 ${point} → restart wipes the dirty home first; journal clean; nothing else touched`, { timeout: 180_000 }, async () => {
    const p = makePatronHome();
    const marker = makeMarker();
    const stateDir = path.join(p.base, 'state');
    const config = path.join(p.base, 'config.json');
    writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
    heavyHome(p, marker);
    let child = startAgentProcess(stateDir, config);
    try {
      await waitStatus(stateDir, (s) => s.ready);
      const started = await callAgent(stateDir, { type: 'sessionStart', home: p.home, temp: [p.temp] });
      assert.ok(started.ok);
      let seen = 'session started';
      if (point !== 'after session start') {
        const ended = await callAgent(stateDir, { type: 'sessionEnd', home: p.home, temp: [p.temp], wait: false });
        assert.ok(ended.ok);
        seen = waitPhase(p.home, point === 'while moving' ? 'moving' : 'deleting');
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      assert.deepEqual(journalCounts(stateDir), { dirty: 1, clean: 0 }, `dirty after kill (${seen})`);
      if (point !== 'after session start') assert.notEqual(seen, 'not seen', 'the kill landed mid-wipe');

      child = startAgentProcess(stateDir, config);
      const status = await waitStatus(stateDir, (s) => s.ready);
      assert.deepEqual(status.journal, { dirty: 0, clean: 1 });
      assert.equal(status.last.at(-1)?.trigger, 'recovery');
      assert.equal(status.last.at(-1)?.outcome, 'clean');
      assert.deepEqual(findMarker([p.home, p.temp], marker), [], 'no marker left');
      assert.deepEqual(graveyards(p.home), [], 'no graveyard left');
      assert.deepEqual(checkSurvivors(p), [], 'skeleton, outside files and link targets intact');
      const text = JSON.stringify(status);
      assert.ok(!text.includes(p.home) && !text.includes(marker));
      process.stderr.write(
        `# kill -9 ${point}: seen ${seen}; recovery wiped ${status.last.at(-1)?.items} items in ${status.last.at(-1)?.doneMs} ms\n`,
      );
    } finally {
      child.kill('SIGKILL');
      p.cleanup();
    }
  });
}
