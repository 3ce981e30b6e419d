/**
 * Case 4 of tests/system/installed-agent.test.ts: power cut in the middle of a wipe, boot again,
 * and the first login that the system accepts — a real `login` with a password on a pseudo-
 * terminal, ordered like a getty after systemd-user-sessions.service, which pam_nologin refuses
 * while /run/nologin exists — finds the account clean.
 * systemd-user-sessions.service (which removes /run/nologin) is ordered after tabula-agent.service,
 * and that unit is only started once the agent's recovery wipe is done (ExecStartPost).
 */
import assert from 'node:assert/strict';
import { makeMarker } from '../support/marker-server.js';
import { step, type Container, type Run } from './support/container.js';
import { agentStatus, homeAndTemp, leftovers, patronScript } from './support/sessions.js';

const PASSWORD = 'Tdb-boot-order-1';

/** A real password login on a pty; the shell prints how many marker traces it sees, then exits. */
function passwordLogin(c: Container, account: string, marker: string, ms = 20_000): Promise<Run> {
  // The marker in two halves: the shell's history (~/.bash_history) must not hold it whole.
  const half = Math.floor(marker.length / 2);
  const look = `a=${marker.slice(0, half)}; b=${marker.slice(half)}; echo "SEEN=$( { grep -rl --binary-files=text "$a$b" ~ /tmp /var/tmp /dev/shm 2>/dev/null; find ~ /tmp /var/tmp /dev/shm -name "*$a$b*" 2>/dev/null; } | wc -l)"; exit`;
  // Ordered like getty@.service and display managers: after systemd-user-sessions.service. Started
  // during boot, the job waits for it; pam_nologin still refuses while /run/nologin exists.
  return c.converse(
    ['-p', 'After=systemd-user-sessions.service', 'script', '-qec', `login ${account}`, '/dev/null'],
    [
      { expect: /Password: ?$/, send: `${PASSWORD}\n` },
      { expect: /\$ ?$/, send: `${look}\n` },
    ],
    /Login incorrect|not permitted to log in|System is booting up/,
    ms,
  );
}

function seen(r: Run): number | undefined {
  const m = /SEEN=(\d+)/.exec(r.out);
  return m ? Number(m[1]) : undefined;
}

const usec = (c: Container, unit: string, prop: string) => Number(c.exec(['systemctl', 'show', '-p', prop, '--value', unit]).out.trim());

export async function bootOrderCase(c: Container, url: string): Promise<void> {
  c.exec(['chpasswd'], `patron2:${PASSWORD}\n`);
  const probe = await passwordLogin(c, 'patron2', 'nothing-planted');
  assert.equal(seen(probe), 0, `a password login works on the running system: ${probe.out}${probe.err}`);

  const m = makeMarker();
  const session = c.login('patron2', patronScript({ marker: m, pages: [url], bulk: { dirs: 400, files: 250 } }));
  await c.until('a wipe in progress', () => Boolean(agentStatus(c)?.current), 180_000, 20);
  await c.powerCut();
  await session.catch(() => undefined);
  step('power cut mid-wipe');

  const bootStart = performance.now();
  await c.boot();
  let first: Run | undefined;
  let attempts = 0;
  while (performance.now() - bootStart < 180_000) {
    attempts += 1;
    const r = await passwordLogin(c, 'patron2', m, 90_000).catch(() => undefined);
    if (r && seen(r) !== undefined) {
      first = r;
      break;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  const allowedMs = performance.now() - bootStart;
  assert.ok(first, 'no login was accepted within 180 s of boot');
  console.log(`figure: boot → first login accepted after a power cut mid-wipe ${Math.round(allowedMs)} ms (${attempts} attempts)`);
  step('first login accepted after reboot');
  assert.equal(seen(first), 0, "the first accepted login saw the previous patron's traces");
  assert.ok(attempts > 1 || allowedMs > 0, 'attempted');

  // The account really was dirty at boot: the recovery wipe ran, and before logins were allowed.
  const journal = c.exec(['journalctl', '-q', '--no-pager', '-b', '-u', 'tabula-agent', '-o', 'cat']).out;
  const recovery = journal.split('\n').find((l) => l.includes('"message":"agent.recovery"')) ?? '';
  assert.match(recovery, /"dirty":[1-9]/, `recovery found the dirty account: ${recovery}`);
  assert.match(journal, /"trigger":"recovery"/);
  const agentActive = usec(c, 'tabula-agent.service', 'ActiveEnterTimestampMonotonic');
  const sessionsStart = usec(c, 'systemd-user-sessions.service', 'InactiveExitTimestampMonotonic');
  assert.ok(agentActive > 0 && sessionsStart >= agentActive, `user sessions (${sessionsStart}) after the agent was ready (${agentActive})`);
  // Monotonic timestamps are the host kernel's: relative to the container's PID 1 start.
  const init = Number(c.exec(['systemctl', 'show', '-p', 'UserspaceTimestampMonotonic', '--value']).out.trim());
  const agentStart = usec(c, 'tabula-agent.service', 'InactiveExitTimestampMonotonic');
  const rel = (t: number) => ((t - init) / 1e6).toFixed(1);
  console.log(
    `figure: after the power cut, from the container's systemd start: agent started at ${rel(agentStart)} s, ready (recovery wipe done) at ${rel(agentActive)} s, logins allowed (systemd-user-sessions) at ${rel(sessionsStart)} s`,
  );
  assert.deepEqual(leftovers(c, m, homeAndTemp('patron2')), []);
}
