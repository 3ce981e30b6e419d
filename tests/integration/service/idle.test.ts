/**
 * Idle: a simulated idle source (the app's idle ticks over the real patron socket, from the app's
 * real AgentClient) reaches the countdown, a tick cancels it, no tick ends the session and wipes.
 * The real agent in process, a real temp home with planted markers; the only test double is the
 * OS logout (`endOsSession`).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { AgentClient } from '../../../main/app/agent-client.js';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import type { CountdownInfo, WipeResult } from '../../../protocol/ipc.js';
import { findMarker } from '../../support/grep-marker.js';
import { checkSurvivors } from '../../support/patron-home.js';
import { plantSession, startTestAgent, type TestAgent } from '../../support/agent-run.js';
import { ownAccountToken } from '../../support/ipc-accounts.js';

const CONFIG = { accounts: ['patron', 'librarian'], closeBrowsers: false, idle: { timeoutSec: 1, warningSec: 2 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface App {
  client: AgentClient;
  countdowns: CountdownInfo[];
  tick(idleMs: number, account?: string): Promise<boolean>;
}

/** The app's side: one watching connection to the patron socket (watch is sent on connect). */
async function connectApp(a: TestAgent): Promise<App> {
  const client = new AgentClient({ path: ipcAddresses(a.stateDir).patron, reconnectMs: 60_000, accountToken: ownAccountToken(a.stateDir) });
  const countdowns: CountdownInfo[] = [];
  client.onEvent((e) => {
    if (e.event === 'countdown') countdowns.push(e.countdown);
  });
  client.start();
  assert.equal((await client.request({ type: 'status' })).ok, true);
  const tick = async (idleMs: number, account: string | undefined = 'patron') =>
    (await client.request(account === undefined ? { type: 'idleTick', idleMs } : { type: 'idleTick', idleMs, account })).ok;
  return { client, countdowns, tick };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The agent (with a logout hook that records) and the app's connection; both closed after the test. */
async function idleSetup(t: TestContext, timeline: string[] = []) {
  const loggedOut: string[] = [];
  const endOsSession = async (account: string) => {
    loggedOut.push(account);
    timeline.push('logout');
  };
  const a = await startTestAgent(CONFIG, { endOsSession });
  const open: { app?: App } = {};
  t.after(async () => {
    open.app?.client.close();
    await a.stop();
    a.patron.cleanup();
  });
  const app = (open.app = await connectApp(a));
  await a.handle.recovered;
  return { a, app, loggedOut };
}

function assertPrivate(a: TestAgent, texts: string[], marker: string): void {
  const all = [...a.log.lines, ...texts].join('\n');
  for (const secret of [marker, a.patron.home, a.patron.base, 'patron"', 'librarian'])
    assert.ok(!all.includes(secret), `no ${secret} in logs or events`);
}

test('idle: countdown arrives, a tick cancels it, then no tick → expired → logout → verified idle wipe', { timeout: 60_000 }, async (t) => {
  const timeline: string[] = [];
  const { a, app, loggedOut } = await idleSetup(t, timeline);
  const marker = plantSession(a.patron);
  a.source.begin('patron');
  a.handle.agent.onProgress((p) => {
    if (p.phase === 'planning' && !timeline.includes('wipe')) timeline.push('wipe');
  });
  const done = new Promise<WipeResult>((resolve) => a.handle.agent.onWipeDone(resolve));

  // 5 s without input is past the 1 s timeout: the countdown starts with the full 2 s warning.
  assert.equal(await app.tick(5_000), true);
  await until('counting', () => app.countdowns.length >= 1);
  assert.deepEqual(app.countdowns[0], { state: 'counting', secondsLeft: 2, totalSeconds: 2 });
  assert.equal(a.handle.idle.state('patron'), 'counting');

  // Input: a tick with a small idle time cancels it.
  assert.equal(await app.tick(50), true);
  await until('cancelled', () => app.countdowns.length >= 2);
  assert.deepEqual(app.countdowns[1], { state: 'cancelled' });
  assert.deepEqual(loggedOut, []);

  // No more ticks: the agent's own timer starts the countdown again and lets it expire.
  const result = await done;
  assert.deepEqual(
    app.countdowns.map((c) => c.state),
    ['counting', 'cancelled', 'counting', 'expired'],
  );
  assert.deepEqual(loggedOut, ['patron'], 'the OS session was ended once');
  assert.deepEqual(timeline, ['logout', 'wipe'], 'logout first, then the wipe');
  assert.equal(result.trigger, 'idle');
  assert.equal(result.outcome, 'clean');
  assert.equal(result.remaining, 0);
  assert.ok(result.items >= 10, `${result.items} items`);
  assert.deepEqual(findMarker([a.patron.home, a.patron.temp], marker), [], 'no marker left');
  assert.deepEqual(checkSurvivors(a.patron), [], 'skeleton, outside files and link targets intact');
  assert.deepEqual(a.handle.agent.status().journal, { dirty: 0, clean: 1 });
  assert.equal(a.handle.idle.state('patron'), 'disarmed');
  assertPrivate(a, [JSON.stringify(app.countdowns), JSON.stringify(a.handle.agent.status())], marker);
  assert.ok(a.log.lines.some((l) => l.includes('idle.expired')));
});

test('idle: an app that disconnects cancels the countdown; nobody is logged out, nothing is wiped', { timeout: 30_000 }, async (t) => {
  const { a, app, loggedOut } = await idleSetup(t);
  const marker = plantSession(a.patron);
  a.source.begin('patron');
  const wipes: WipeResult[] = [];
  a.handle.agent.onWipeDone((r) => wipes.push(r));
  await app.tick(5_000);
  await until('counting', () => app.countdowns.length >= 1);
  app.client.close(); // the app crashed
  await until('disarmed', () => a.handle.idle.state('patron') === 'disarmed');
  await sleep(3_000); // well past the 2 s countdown
  assert.deepEqual(loggedOut, []);
  assert.deepEqual(wipes, []);
  assert.ok(findMarker([a.patron.home, a.patron.temp], marker).length >= 10, 'the markers are all still there');
  assert.deepEqual(a.handle.agent.status().journal, { dirty: 1, clean: 0 });
  assert.ok(a.log.lines.some((l) => l.includes('idle.disarmed') && l.includes('"cancelled":true')));
});

test(
  'idle: ticks for a non-patron, for a patron without an open session, or from a non-watching connection do nothing',
  { timeout: 30_000 },
  async (t) => {
    const { a, app, loggedOut } = await idleSetup(t);
    const marker = plantSession(a.patron);
    // No session is open yet: every tick is ignored, whatever account it names.
    for (const account of ['patron', 'stranger', undefined]) assert.equal(await app.tick(60_000, account), true);
    // A configured account that resolves to no patron uid has no token: nobody can act for it.
    assert.equal(await app.tick(60_000, 'librarian'), false);
    a.source.begin('patron');
    assert.equal(await app.tick(60_000, 'stranger'), true, 'not a configured patron: ignored, not re-routed');
    // A one-shot connection that does not watch cannot arm the countdown: nobody would see it.
    assert.equal(
      (
        await callAgent(
          a.stateDir,
          { type: 'idleTick', idleMs: 60_000, account: 'patron', accountToken: ownAccountToken(a.stateDir)() },
          { endpoint: 'patron' },
        )
      ).ok,
      true,
    );
    await sleep(1_500); // past the 1 s timeout
    assert.equal(app.countdowns.length, 0, 'no countdown event');
    assert.equal(a.handle.idle.state('patron'), 'disarmed');
    assert.equal(a.handle.idle.state('stranger'), 'disarmed');

    // Control: the same app, no account named, exactly one open patron session → that one counts down.
    await app.tick(60_000, undefined);
    await until('counting', () => app.countdowns.length >= 1);
    assert.equal(app.countdowns[0]?.state, 'counting');
    await app.tick(0, undefined);
    await until('cancelled', () => app.countdowns.length >= 2);
    assert.deepEqual(loggedOut, []);
    assert.ok(findMarker([a.patron.home, a.patron.temp], marker).length >= 10);
  },
);
