/**
 * Issue 9, case 11: a patron cannot borrow a root process to act for another patron. The attacker
 * (a real account) connects to the patron socket, lets a real setuid-root program inherit the
 * connection, sends the logout hint (and an idle tick, a session start) for the other patron —
 * whose home is planted and owned by a second real account — and exits, so that the only holder
 * of the connection is root when the agent looks. 20 rounds; nothing of the victim's may go, and
 * the agent still answers status and wipes the victim's session when asked over the privileged
 * socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { TabulaError } from '../../../main/agent/base/errors.js';
import type { Target } from '../../../main/agent/wipe/types.js';
import { findMarker } from '../../support/grep-marker.js';
import { addAccount, outputOf, runAs, type TestAccount } from '../../support/ipc-accounts.js';
import { makePatronHome } from '../../support/patron-home.js';
import { needProgram } from '../../support/programs.js';
import { needRoot } from '../../support/skip.js';
import { plantSession, startTestAgent } from '../../support/agent-run.js';

const ROUNDS = 20;

/** Connects, hands the connection to the setuid-root holder, waits until it runs as euid 0, sends, exits. */
const ATTACKER = `
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const [address, holder, requests] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])];
const euid = (pid) => { try { return /^Uid:\\s+\\d+\\s+(\\d+)/m.exec(readFileSync('/proc/' + pid + '/status', 'utf8'))?.[1]; } catch { return undefined; } };
const s = connect(address);
s.on('error', (e) => { process.stderr.write(String(e.code) + '\\n'); process.exit(2); });
s.on('connect', async () => {
  const child = spawn(holder, ['60'], { stdio: ['ignore', s, 'ignore'], detached: true });
  child.unref();
  while (euid(child.pid) !== '0') await new Promise((r) => setTimeout(r, 2));
  process.stdout.write(child.pid + '\\n');
  for (const r of requests) s.write(JSON.stringify(r) + '\\n');
  process.exit(0);
});
`;

test(
  'case 11: a connection handed to a setuid-root program does not let a patron act for another patron',
  { timeout: 240_000 },
  async (t) => {
    if (process.platform !== 'linux') return void t.skip('Linux: setuid programs and setpriv');
    if (!needRoot(t, 'useradd, setpriv and a setuid-root program') || !needProgram(t, 'setpriv') || !needProgram(t, 'useradd')) return;
    const accounts: TestAccount[] = [];
    const patron = makePatronHome();
    const dir = mkdtempSync(path.join(tmpdir(), 'tabula-borrow-'));
    const holders: number[] = [];
    let stop: (() => Promise<void>) | undefined;
    try {
      const victim = addAccount('v');
      accounts.push(victim);
      const attacker = addAccount('a');
      accounts.push(attacker);
      const resolveAccount = async (name: string): Promise<Target> => {
        if (name === 'patron') return { home: patron.home, tempRoots: [patron.temp], uid: victim.uid };
        throw new TabulaError('E_ACCOUNT_UNKNOWN');
      };
      const a = await startTestAgent(
        { accounts: ['patron'], closeBrowsers: false, idle: { timeoutSec: 1, warningSec: 60 } },
        { resolveAccount },
        patron,
      );
      stop = a.stop;
      await a.handle.recovered;
      writeFileSync(path.join(dir, 'attacker.mjs'), ATTACKER);
      const holder = path.join(dir, 'holder');
      copyFileSync('/usr/bin/sleep', holder);
      chmodSync(holder, 0o4755);
      chmodSync(dir, 0o755);
      chmodSync(patron.base, 0o711);
      const marker = plantSession(patron);
      execFileSync('chown', ['-R', '-h', `${victim.uid}:${victim.gid}`, patron.home, patron.temp]);
      a.source.begin('patron');
      const planted = findMarker([patron.home, patron.temp], marker).length;
      assert.ok(planted >= 10, 'planted');

      const requests = [
        { id: 1, type: 'idleTick', idleMs: 5000, account: 'patron' },
        { id: 2, type: 'sessionStart', account: 'patron' },
        { id: 3, type: 'sessionEnd', account: 'patron' },
      ];
      const answered = () => a.log.lines.filter((l) => l.includes('"ipc.peer-refused"')).length + a.handle.agent.status().last.length;
      for (let round = 1; round <= ROUNDS; round++) {
        const before = answered();
        const out = await outputOf(
          runAs(attacker, path.join(dir, 'attacker.mjs'), [ipcAddresses(a.stateDir).patron, holder, JSON.stringify(requests)]),
        );
        holders.push(Number(out.trim()));
        // The agent has read the three requests once it refused or answered each (never a timing assertion: the test's timeout bounds it).
        while (answered() < before + requests.length && a.handle.agent.status().last.length === 0)
          await new Promise((r) => setTimeout(r, 20));
        await a.handle.agent.idle();
        assert.equal(
          findMarker([patron.home, patron.temp], marker).length,
          planted,
          `round ${round}: nothing of the other patron's session was wiped`,
        );
        assert.deepEqual(a.handle.agent.status().last, [], `round ${round}: no wipe ran`);
        assert.equal(a.handle.idle.state('patron'), 'disarmed', `round ${round}: no idle countdown armed`);
        for (const pid of holders.splice(0)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
      // The agent still answers and wipes, over the privileged socket.
      assert.equal((await callAgent(a.stateDir, { type: 'status' })).ok, true);
      const end = await callAgent(a.stateDir, { type: 'sessionEnd', account: 'patron', trigger: 'logout', wait: true }, { timeoutMs: 0 });
      assert.equal(end.ok && (end.result as { result?: { outcome: string } }).result?.outcome, 'clean');
      assert.deepEqual(findMarker([patron.home, patron.temp], marker), []);
      const all = a.log.lines.join('\n');
      for (const secret of [victim.name, attacker.name, String(victim.uid), String(attacker.uid), patron.base])
        assert.ok(!all.includes(secret), 'no name, uid or path in the log');
    } finally {
      for (const pid of holders) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await stop?.();
      for (const acc of accounts) acc.remove();
      patron.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
