/**
 * The agent's local channel between two win32 processes under Wine: `tabula agent` on Windows'
 * Node listens on \\.\pipe\tabula-<hash> and \\.\pipe\tabula-<hash>-public; a second win32 Node
 * (tests/wine/win/ipc-client.ts, with the agent's own client) asks for status on both pipes,
 * sends an idle tick, runs the staff PIN flow (wrong PIN, right PIN → token, preview with and
 * without it, lockout after five wrong PINs) and the lockout survives an agent restart.
 *
 * Not shown by Wine (see docs/windows-testing.md): pipe DACLs (the privileged pipe refusing a
 * non-admin patron), `query user` (no query.exe: the session source logs poll-failed), account
 * lookup (no PowerShell: a configured account is unknown, so preview answers E_ACCOUNT_UNKNOWN
 * and no idle countdown can start for a session).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { hashPin } from '../../main/agent/service/staff-pin.js';
import { CLI, driveCDir, needWine, runWin, spawnWin, stopWine, winScript, zPath, type Wine } from './support/wine.js';

const PIN = '48261';
const ACCOUNT = `twn${process.pid}pat`;
let wine: Wine | undefined;
after(() => stopWine(wine));

interface Answer {
  ok: boolean;
  code?: string;
  retryAfterSec?: number;
  result?: Record<string, unknown>;
}

test(
  'win32: named-pipe channel between two win32 processes — status, idle tick, staff PIN flow and lockout',
  { timeout: 600_000 },
  async (t) => {
    const w = needWine(t);
    if (!w) return;
    wine = w;
    const dir = driveCDir(w, 'ipc');
    t.after(() => dir.dispose());
    writeFileSync(
      path.join(dir.unix, 'config.json'),
      JSON.stringify({ accounts: [ACCOUNT], closeBrowsers: false, staffPinHash: hashPin(PIN) }),
    );
    const stateWin = `${dir.win}\\s`;
    const startAgent = () => spawnWin(w, [CLI(), 'agent', '--config', `${dir.win}\\config.json`, '--state', stateWin]);
    let agent = startAgent();
    t.after(() => agent.child.kill());

    const out = path.join(dir.unix, 'answers.json');
    const client = await runWin(w, [winScript('ipc-client'), stateWin, PIN, zPath(out)]);
    assert.equal(client.code, 0, client.stderr);
    const a = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Answer> & {
      pipes: { privileged: string; patron: string };
      wrongPins: Answer[];
    };
    assert.match(a.pipes.patron, /^\\\\\.\\pipe\\tabula-[0-9a-f]{16}-public$/);
    assert.equal(a.statusPatron?.ok, true, JSON.stringify(a.statusPatron));
    assert.equal(a.statusPatron?.result?.ready, true);
    assert.deepEqual(a.statusPatron?.result?.config, { patronAccounts: 1, errors: 0 });
    assert.equal(a.statusPrivileged?.ok, true, "the agent's own user may use the privileged pipe");
    assert.deepEqual(a.idleTick?.result, { accepted: true });
    assert.equal(a.wrongPin?.code, 'E_FORBIDDEN');
    assert.deepEqual(a.unlock, { ok: true, expiresInSec: 300, tokenLength: 32 });
    assert.equal(a.previewWithoutToken?.code, 'E_FORBIDDEN', 'preview needs the token');
    // Wine has no PowerShell, so the configured account cannot be resolved: the honest answer.
    assert.equal(a.preview?.code, 'E_ACCOUNT_UNKNOWN', JSON.stringify(a.preview));
    // The first wrong PIN above, then four more: the fifth locks for 30 s.
    assert.deepEqual(
      a.wrongPins.map((r) => r.code),
      ['E_FORBIDDEN', 'E_FORBIDDEN', 'E_FORBIDDEN', 'E_FORBIDDEN', 'E_LOCKED', 'E_LOCKED'],
    );
    assert.ok((a.wrongPins[4]?.retryAfterSec ?? 0) > 0 && (a.wrongPins[4]?.retryAfterSec ?? 99) <= 30);
    assert.ok(existsSync(path.join(dir.unix, 's', 'staff-lock.json')), 'the lockout is kept on C:');

    // The lockout survives a restart of the agent: while the saved lock lasts, a PIN is refused.
    const saved = JSON.parse(readFileSync(path.join(dir.unix, 's', 'staff-lock.json'), 'utf8')) as {
      lockedUntil: number;
      lockouts: number;
    };
    assert.ok(saved.lockouts >= 1 && saved.lockedUntil > 0);
    agent.child.kill();
    await new Promise<void>((resolve) =>
      agent.child.exitCode !== null || agent.child.signalCode !== null ? resolve() : agent.child.on('exit', () => resolve()),
    );
    agent = startAgent();
    const again = await runWin(w, [winScript('ipc-client'), stateWin, PIN, zPath(out)]);
    assert.equal(again.code, 0, again.stderr);
    const b = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Answer>;
    assert.equal(b.statusPatron?.ok, true);
    assert.notEqual(b.statusPatron?.result?.startedAt, a.statusPatron?.result?.startedAt, 'a new agent answers');
    const pinAt = (b as unknown as { pinAt: number }).pinAt;
    if (pinAt < saved.lockedUntil) {
      // (Not a timing assertion: which branch runs depends on how long the restart took.)
      assert.equal(b.wrongPin?.code, 'E_LOCKED', 'the restarted agent keeps the saved lockout');
      assert.ok((b.wrongPin?.retryAfterSec ?? 0) <= Math.ceil((saved.lockedUntil - pinAt) / 1000) + 1);
    } else {
      assert.equal(b.wrongPin?.code, 'E_FORBIDDEN', 'the saved lockout has run out: a PIN is checked again');
    }

    const [agentOut = '', agentErr = ''] = agent.output();
    const log = readFileSync(path.join(dir.unix, 's', 'logs', 'tabula.log'), 'utf8');
    for (const text of [agentOut, agentErr, log]) {
      assert.ok(!text.includes(ACCOUNT) && !text.includes(PIN), "no account name or PIN in the agent's output or log");
    }
    assert.match(log, /agent\.ready/);
  },
);
