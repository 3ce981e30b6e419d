/**
 * Retry of a failed wipe, with a real failure: a folder in the patron's Downloads is made
 * immutable (`chattr +i`, root on ext4), so the wipe can neither move nor empty it and ends
 * partial with something remaining. The agent (in-process, real local channel, short backoff
 * through its `retryDelaysMs` option) keeps the account dirty and schedules a retry; status
 * shows one pending retry (a count). While the folder stays immutable the retry fails too and
 * backs off again; once it is made removable, the next retry (trigger 'recovery') wipes it
 * clean, the journal ends clean, and nothing else was touched. A new session cancels a retry.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import type { AgentStatus, WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { checkSurvivors } from '../../support/patron-home.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';
import { skipOrFail } from '../../support/skip.js';

const nextResult = (a: TestAgent) =>
  new Promise<WipeResult>((resolve) => {
    const off = a.handle.agent.onWipeDone((r) => {
      off();
      resolve(r);
    });
  });

const chattr = (flag: '+i' | '-i', p: string) => spawnSync('chattr', [flag, p], { encoding: 'utf8' });

/** Plants a folder that cannot be removed (immutable); skips loudly where chattr +i is refused. */
function stuckFolder(t: TestContext, home: string, marker: string): string | undefined {
  const dir = path.join(home, 'Downloads', 'stuck');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'kept.pdf'), `stuck ${marker}`);
  const r = chattr('+i', dir);
  if (r.status === 0) return dir;
  skipOrFail(t, `chattr +i is refused here (${(r.stderr || r.error?.message || '').trim()}); needs root on ext4/xfs/btrfs`);
  return undefined;
}

async function socketStatus(a: TestAgent): Promise<AgentStatus> {
  const r = await callAgent(a.stateDir, { type: 'status' });
  assert.ok(r.ok);
  return r.result as AgentStatus;
}

/**
 * A patron session with an immutable folder, ended: resolves after the first (failed) wipe. The
 * agent is stopped and the folder made removable again after the test. Undefined when skipped.
 */
async function failedSession(t: TestContext, retryDelaysMs: number[]) {
  const a = await startTestAgent(undefined, { retryDelaysMs });
  const planted: { stuck?: string } = {};
  t.after(async () => {
    if (planted.stuck) chattr('-i', planted.stuck); // before the home is removed
    await a.stop();
    a.patron.cleanup();
  });
  await a.handle.recovered;
  const marker = plantSession(a.patron);
  const stuck = (planted.stuck = stuckFolder(t, a.patron.home, marker));
  if (!stuck) return undefined;
  a.source.begin('patron');
  const done = nextResult(a);
  a.source.end('patron');
  const first = await done;
  assert.notEqual(first.outcome, 'clean');
  return { a, marker, stuck, first };
}

test('a failed wipe is retried with backoff (trigger recovery) until the failure is gone; then clean', { timeout: 60_000 }, async (t) => {
  const session = await failedSession(t, [300, 600]);
  if (!session) return;
  const { a, marker, stuck, first } = session;
  assert.ok(first.remaining > 0, 'the immutable folder remains');
  let status = await socketStatus(a);
  assert.equal(status.retries, 1, 'one retry pending');
  assert.deepEqual(status.journal, { dirty: 1, clean: 0 });

  let done = nextResult(a);
  const second = await done; // the folder is still immutable: the retry fails and backs off again
  assert.equal(second.trigger, 'recovery');
  assert.notEqual(second.outcome, 'clean');
  assert.equal((await socketStatus(a)).retries, 1, 'the failed retry scheduled the next one');

  assert.equal(chattr('-i', stuck).status, 0);
  done = nextResult(a);
  const third = await done;
  assert.equal(third.trigger, 'recovery');
  assert.equal(third.outcome, 'clean');
  assert.equal(third.remaining, 0);
  status = await socketStatus(a);
  assert.equal(status.retries, 0, 'no retry after a verified wipe');
  assert.deepEqual(status.journal, { dirty: 0, clean: 1 });
  assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), [], 'no marker left');
  assert.deepEqual(checkSurvivors(a.patron), []);
  const text = a.log.lines.join('\n') + JSON.stringify(status);
  for (const secret of [marker, a.patron.home, 'stuck', 'patron"']) assert.ok(!text.includes(secret), `no ${secret} in logs/status`);
  assert.ok(a.log.lines.some((l) => l.includes('wipe.retry-scheduled')));
});

test('a new session on the account cancels its pending retry', { timeout: 60_000 }, async (t) => {
  const session = await failedSession(t, [400]);
  if (!session) return;
  const { a, marker, stuck } = session;
  assert.equal((await socketStatus(a)).retries, 1);
  chattr('-i', stuck); // removable now: a retry would succeed, but the new session must stop it
  a.source.begin('patron');
  assert.equal((await socketStatus(a)).retries, 0, 'the session start cancelled the retry');
  await new Promise((r) => setTimeout(r, 1500)); // well past the (jittered) 400 ms delay
  await a.handle.agent.idle();
  const status = await socketStatus(a);
  assert.equal(status.last.length, 1, 'no retry ran during the new session');
  assert.deepEqual(status.journal, { dirty: 1, clean: 0 });
  assert.ok(findMarker([a.patron.home], marker).length > 0, "the new session's files are untouched");
});
