/**
 * Responsiveness: the real agent (`node dist/main/cli.js agent`) wipes a home with many top-level
 * items (20,000 downloads, a Firefox cache folder of 10,000 entries). Planning and moving them
 * into the graveyard take many event-loop turns' worth of work; the local channel must keep
 * answering `status` meanwhile. Structural, not timed: some answers must report the wipe in
 * its planning phase or mid-move (done < total), which is only possible if the agent yields to
 * its event loop between items. The wipe must still end clean with nothing else touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import type { WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { makeMarker } from '../../support/marker-server.js';
import { checkSurvivors, makePatronHome } from '../../support/patron-home.js';
import {
  manyItemsHome,
  midMoveAnswers,
  probeStatus,
  startAgentProcess,
  stopAgentProcess,
  waitStatus,
} from '../../support/agent-process.js';

test('status is answered while a wipe of 20,000 top-level items is planning and moving', { timeout: 180_000 }, async () => {
  const p = makePatronHome();
  const marker = makeMarker();
  const stateDir = path.join(p.base, 'state');
  const config = path.join(p.base, 'config.json');
  writeFileSync(config, JSON.stringify({ accounts: [], closeBrowsers: false }));
  manyItemsHome(p, marker);
  const child = startAgentProcess(stateDir, config);
  try {
    await waitStatus(stateDir, (s) => s.ready);
    assert.ok((await callAgent(stateDir, { type: 'sessionStart', home: p.home, temp: [p.temp] })).ok);
    const probe = probeStatus(stateDir, 2);
    const answer = await callAgent(stateDir, { type: 'sessionEnd', home: p.home, temp: [p.temp], wait: true }, { timeoutMs: 0 });
    const samples = await probe.stop();
    assert.ok(answer.ok, 'the wipe request was answered');
    const result = (answer.result as { result: WipeResult }).result;
    assert.equal(result.outcome, 'clean');
    assert.equal(result.remaining, 0);
    assert.ok(result.items >= 30_000, `counted ${result.items} items`);

    const mid = midMoveAnswers(samples);
    const phases = [...new Set(samples.map((s) => s.phase))].join(',');
    const max = Math.max(...samples.map((s) => s.latencyMs));
    process.stderr.write(
      `# ${samples.length} status answers during the wipe (phases ${phases}); ${mid.length} while planning/moving; max latency ${Math.round(max)} ms\n`,
    );
    assert.ok(mid.length >= 3, `status answered ${mid.length} times while planning/moving (phases seen: ${phases})`);

    assert.deepEqual(findMarker([p.home, p.temp], marker), [], 'no marker left');
    assert.deepEqual(
      readdirSync(p.home).filter((n) => n.startsWith('.tabula-graveyard-')),
      [],
      'no graveyard left',
    );
    assert.deepEqual(checkSurvivors(p), [], 'skeleton, outside files and link targets intact');
  } finally {
    await stopAgentProcess(child);
    p.cleanup();
  }
});
