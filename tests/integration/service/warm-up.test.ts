/**
 * Warm-up plans during a patron session, through the real agent (in-process, a short interval
 * through its `warmEveryMs` option): they run while the session is open, touch nothing in the
 * home (same entries, same inodes, same times), log nothing; the session's end moves what the
 * last one found first (wipe/execute/early.ts), wipes verified clean, and ends them. A wipe requested while one runs is not held up by it.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { plantSession, startTestAgent, testResolver, type TestAgent } from '../../support/agent-run.js';
import { makePatronHome } from '../../support/patron-home.js';
import { listTree } from '../../support/tree.js';

const nextResult = (a: TestAgent) =>
  new Promise<WipeResult>((resolve) => {
    const off = a.handle.agent.onWipeDone((r) => {
      off();
      resolve(r);
    });
  });

/** Every entry under `dir` with its inode, size and modification time. */
const snapshot = (dir: string) =>
  listTree(dir).map((rel) => {
    const st = lstatSync(path.join(dir, rel));
    return `${rel} ${st.ino} ${st.size} ${st.mtimeMs}`;
  });

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * A recovered test agent warming every `warmEveryMs`, stopped after the test; `warmed()`: warm-ups
 * so far, `resolved()`: account resolutions so far (the test resolver, counted).
 */
async function warmingAgent(t: TestContext, warmEveryMs: number) {
  let count = 0;
  let resolutions = 0;
  const patron = makePatronHome();
  const resolve = testResolver(patron);
  const resolveAccount: typeof resolve = (name, temp) => (resolutions++, resolve(name, temp));
  const a = await startTestAgent(undefined, { warmEveryMs, onWarm: () => count++, resolveAccount }, patron);
  t.after(async () => {
    await a.stop();
    a.patron.cleanup();
  });
  await a.handle.recovered;
  return { a, warmed: () => count, resolved: () => resolutions };
}

test('warm-ups run during the session, change nothing, log nothing, and end with the session', async (t) => {
  const { a, warmed, resolved } = await warmingAgent(t, 15);
  a.source.begin('patron');
  const marker = plantSession(a.patron);
  const before = [...snapshot(a.patron.home), ...snapshot(a.patron.temp)];
  const linesBefore = a.log.lines.length;
  const resolvedBefore = resolved();
  await until('two warm-ups', () => warmed() >= 2, 15_000); // the second comes 100 × the first plan's duration later
  assert.deepEqual([...snapshot(a.patron.home), ...snapshot(a.patron.temp)], before, 'a warm-up moves, deletes and writes nothing');
  assert.equal(a.log.lines.length, linesBefore, 'a warm-up logs nothing');
  assert.equal(a.handle.agent.warmUps.active, 1);
  assert.equal(resolved() - resolvedBefore, 1, 'the account is resolved once per session, not at every warm-up');

  const done = nextResult(a);
  a.source.end('patron');
  const result = await done;
  assert.equal(result.outcome, 'clean');
  assert.equal(result.remaining, 0);
  assert.equal(findMarker([a.patron.home, a.patron.temp], marker).length, 0, 'the marker is gone from the home');
  assert.equal(a.handle.agent.warmUps.active, 0, 'the session end ended its warm-ups');
  const start = a.log.lines.map((line) => JSON.parse(line) as { event: string; movedEarly?: number }).find((l) => l.event === 'wipe.start');
  assert.ok((start?.movedEarly ?? 0) > 0, 'the last warm-up plan was moved before the fresh plan');
  const after = warmed();
  await sleep(80);
  assert.ok(warmed() <= after + 1, `no warm-ups after the end (${warmed() - after} more)`);
});

test('a session end during a warm-up wipes verified clean', async (t) => {
  const { a, warmed } = await warmingAgent(t, 1);
  for (let round = 0; round < 5; round++) {
    a.source.begin('patron');
    const marker = plantSession(a.patron);
    const from = warmed();
    await until('a warm-up', () => warmed() > from);
    await sleep(round); // lands at a different point of the next warm-up each round
    const done = nextResult(a);
    a.source.end('patron');
    const result = await done;
    assert.equal(result.outcome, 'clean', `round ${round}`);
    assert.equal(findMarker([a.patron.home, a.patron.temp], marker).length, 0, `round ${round}: marker gone`);
  }
});
