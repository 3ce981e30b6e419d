/**
 * Installed for real (issue 12): the headless tabula-agent package (scripts/build-agent-deb.mjs)
 * installed with apt-get in a Debian bookworm booted with systemd-nspawn — real systemd, logind,
 * D-Bus, PAM (pam_systemd and the Tabula hook through pam-auth-update), CUPS and Chromium — and a
 * dashboard on the host. The package differs from electron-builder's deb only in the runtime that
 * runs the agent: the distribution's /usr/bin/node (18 on bookworm) instead of the Electron binary
 * with ELECTRON_RUN_AS_NODE=1; unit, PAM profile, hook and maintainer scripts are the same files.
 *
 *   sudo node --test dist/tests/system/      (npm run test:system; .ci/run builds the rootfs first)
 *
 * Steps print "[system +Ns]"; figures print "figure:". Root, systemd-nspawn and debootstrap are
 * needed (skipped loudly without, failed under TABULA_REQUIRE_ALL=1).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createToken, dashboardStats, startDashboard } from '../integration/report/dashboard-child.js';
import { exposureOf, MAX_EXPOSURE } from '../support/exposure.js';
import { findMarker } from '../support/grep-marker.js';
import { makeMarker, startMarkerServer } from '../support/marker-server.js';
import { findProgram } from '../support/programs.js';
import { needRoot, skipOrFail } from '../support/skip.js';
import { bootOrderCase } from './boot-order.js';
import { buildAgentDeb, Container, percentile, rootfs, step } from './support/container.js';
import { startTlsProxy } from './support/tls-proxy.js';
import { agentStatus, CUPS_QUEUE, homeAndTemp, leftovers, mainPid, patronScript, plantedCount, verifiedClean } from './support/sessions.js';

const WIPE_BOUND_MS = 60_000;
/** Any one step (a hang fails that step, and the container is still torn down). */
const STEP_MS = 5 * 60_000;
const SESSIONS = Number(process.env.TABULA_SYSTEM_SESSIONS) || 10;

test('installed tabula-agent package on a booted systemd: real logins, wipes, reports', { timeout: 20 * 60_000 }, async (t) => {
  if (!needRoot(t, 'booting a container with systemd-nspawn')) return;
  for (const program of ['systemd-nspawn', 'debootstrap', 'nsenter', 'dpkg-deb']) {
    if (!findProgram(program))
      return void skipOrFail(t, `the system tests need ${program} (apt-get install systemd-container debootstrap util-linux dpkg)`);
  }
  const host = mkdtempSync(path.join(tmpdir(), 'tabula-system-host-'));
  const marker = makeMarker();
  const markers = await startMarkerServer(marker);
  const db = path.join(host, 'dashboard.sqlite');
  const dashboard = await startDashboard(db);
  const tls = await startTlsProxy(host, dashboard.port);
  step('rootfs');
  const lower = rootfs();
  const deb = buildAgentDeb(host);
  step(`package ${path.basename(deb)} built`);
  const c = new Container(lower);
  try {
    await c.boot();
    await c.booted();
    step('container booted (systemd running, no failed unit)');
    // Accounts: two patrons, one staff member (sudo). A PDF printer when CUPS is in the image.
    c.sh('useradd -m -s /bin/bash patron1 && useradd -m -s /bin/bash patron2 && useradd -m -s /bin/bash -G sudo staff1');
    // CUPS as installed (it keeps job files and history): the agent purges the patron's jobs.
    const cups =
      c.sh(`systemctl is-active cups && lpadmin -p ${CUPS_QUEUE} -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd`).code === 0;
    step(cups ? 'CUPS printer added' : 'no CUPS in the image: printing skipped');
    // IT's configuration before the install (imaging / config management), then the package.
    c.writeFile('/etc/tabula/dashboard-ca.pem', tls.certPem);
    c.writeFile(
      '/etc/tabula/config.json',
      JSON.stringify({
        accounts: ['patron1', 'patron2'],
        tempRoots: ['/tmp', '/var/tmp', '/dev/shm'],
        dashboard: { url: tls.url, caFile: '/etc/tabula/dashboard-ca.pem' },
      }) + '\n',
    );
    copyFileSync(deb, path.join(c.root, 'root/tabula-agent.deb'));

    await t.test(
      'apt-get install: unit enabled and running as root, folders and PAM wired, enrolled with the token',
      { timeout: STEP_MS },
      async () => {
        const token = createToken(db);
        const start = performance.now();
        const r = await c.service(['apt-get', 'install', '-y', '-q', '/root/tabula-agent.deb'], {
          DEBIAN_FRONTEND: 'noninteractive',
          TABULA_ENROLL_TOKEN: token,
        });
        const installMs = performance.now() - start;
        assert.equal(r.code, 0, r.out + r.err);
        assert.ok(!(r.out + r.err).includes(token), 'the token is never printed');
        console.log(`figure: install (apt-get install of the .deb, unit started and ready) ${Math.round(installMs)} ms`);
        assert.equal(c.exec(['systemctl', 'is-enabled', 'tabula-agent.service']).out.trim(), 'enabled');
        assert.equal(c.exec(['systemctl', 'is-active', 'tabula-agent.service']).out.trim(), 'active');
        const pid = mainPid(c);
        assert.match(c.exec(['cat', `/proc/${pid}/status`]).out, /^Uid:\s+0\s+0\s+0\s+0$/m, 'the agent runs as root');
        assert.match(
          c.exec(['cat', `/proc/${pid}/cmdline`]).out,
          /^\/usr\/bin\/node\0\/usr\/lib\/tabula-agent\/dist\/main\/cli\.js\0agent/,
        );
        // The agent opens the state folder to 0711 (patrons reach agent-public.sock, list nothing).
        assert.equal(c.exec(['stat', '-c', '%a %U %G', '/etc/tabula', '/var/lib/tabula']).out, '755 root root\n711 root root\n');
        assert.equal(c.exec(['/usr/lib/tabula/tabula', 'config', 'check']).code, 0, 'the configuration is valid');
        assert.match(
          c.exec(['cat', '/etc/pam.d/common-session']).out,
          /^session\s+optional\s+pam_exec\.so quiet \/usr\/lib\/tabula\/tabula-pam-hook\.sh$/m,
        );
        assert.doesNotMatch(c.exec(['cat', '/etc/pam.d/common-session-noninteractive']).out, /tabula/);
        await c.until('enrolled', () => agentStatus(c)?.report.enrolled === true, 30_000);
        assert.equal(c.exec(['test', '-e', '/etc/tabula/enroll-token']).code, 1, 'the redeemed token file is gone');
        assert.equal(dashboardStats(db).devices, 1);
        const sec = exposureOf(c.exec(['systemd-analyze', 'security', '--no-pager', 'tabula-agent.service']).out);
        assert.ok(sec && sec.score <= MAX_EXPOSURE, `exposure on the running systemd: ${JSON.stringify(sec)}`);
        console.log(`figure: systemd-analyze security (running unit) ${sec.score} ${sec.label}`);
        step('installed');
      },
    );

    await t.test(
      '1. patron logs in (PAM, logind), browses with Chromium, prints, logs out: wiped, reported, nothing patron-identifying on the dashboard',
      { timeout: STEP_MS },
      async () => {
        const r = await c.login(
          'patron1',
          patronScript({ marker, pages: [markers.url('/cookies/a'), markers.url('/article/1'), markers.url('/images/x')], print: cups }),
        );
        assert.equal(r.code, 0, r.err);
        const planted = plantedCount(r.out);
        const loggedOut = performance.now();
        assert.ok(planted >= 6, `the session left marker traces before logout (${planted})`);
        const sessions = c.exec(['journalctl', '-q', '--no-pager', '-u', 'systemd-logind', '-g', 'New session']).out;
        assert.ok(sessions.includes('patron1'), 'logind registered the session');
        await c.until('verified clean', () => verifiedClean(c, marker, homeAndTemp('patron1')), WIPE_BOUND_MS, 100);
        step(`session 1 wiped ${Math.round(performance.now() - loggedOut)} ms after logout (${planted} traces)`);
        assert.equal(agentStatus(c)?.last.at(-1)?.outcome, 'clean');
        if (cups) {
          assert.deepEqual(
            leftovers(c, marker, ['/var/spool/cups', '/var/log/cups']),
            [],
            'the CUPS spool and logs keep nothing of the job',
          );
          assert.ok(
            agentStatus(c)?.last.some((l) => l.items > 0),
            'the wipe removed items',
          );
        }
        // Asynchronously: the TLS proxy lives in this test's event loop.
        const flush = await c.service(['/usr/lib/tabula/tabula', 'report', 'flush', '--json']);
        assert.equal(flush.code, 0, flush.out + flush.err);
        const stats = dashboardStats(db);
        assert.ok(stats.wipes >= 1, `dashboard counts the wipe: ${JSON.stringify(stats)}`);
        // The PC's host name is its default label (library data, docs/protocol.md): it reaches the dashboard as the label only.
        const labels = new Database(db, { readonly: true }).prepare('SELECT pc_label AS label FROM devices').all() as {
          label: string | null;
        }[];
        assert.deepEqual(
          labels.map((l) => l.label),
          ['tabula-ci'],
          'the PC label is the container host name',
        );
        for (const secret of [marker, 'patron1']) {
          assert.deepEqual(findMarker([host], secret, { exclude: [deb] }), [], `${secret} in the dashboard's files`);
          assert.ok(
            !c.sh('cat /var/lib/tabula/logs/* 2>/dev/null; journalctl -q --no-pager -o cat -u tabula-agent').out.includes(secret),
            `${secret} in the agent's logs`,
          );
        }
      },
    );

    await t.test('2. staff logout wipes nothing; a patron session right after another starts clean', { timeout: STEP_MS }, async () => {
      const staffMarker = makeMarker();
      await c.login(
        'staff1',
        `mkdir -p ~/Documents && echo ${staffMarker} > ~/Documents/${staffMarker}.txt && echo ${staffMarker} > /tmp/${staffMarker}-staff`,
      );
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(leftovers(c, staffMarker, ['/home/staff1', '/tmp']).length, 2, 'staff files stay');
      const second = makeMarker();
      await c.login('patron2', patronScript({ marker: second, pages: [markers.url('/cookies/b')] }));
      // Right after the logout: the next patron's first command looks for the previous one's traces.
      const next = await c.login(
        'patron2',
        `echo "seen=$( { grep -rl --binary-files=text ${second} ~ /tmp /var/tmp /dev/shm 2>/dev/null; find ~ /tmp /var/tmp /dev/shm -name '*${second}*' 2>/dev/null; } | wc -l)"`,
      );
      assert.match(next.out, /seen=0\b/, "the second session saw the first one's traces");
      await c.until('verified clean', () => verifiedClean(c, second, homeAndTemp('patron2')), WIPE_BOUND_MS, 100);
      assert.equal(leftovers(c, staffMarker, ['/home/staff1', '/tmp']).length, 2, 'staff files still there');
    });

    await t.test('3. kill -9 of the agent mid-wipe: systemd restarts it and the wipe finishes', { timeout: STEP_MS }, async () => {
      const m3 = makeMarker();
      const before = mainPid(c);
      const restarts = Number(c.exec(['systemctl', 'show', '-p', 'NRestarts', '--value', 'tabula-agent.service']).out);
      const session = c.login('patron1', patronScript({ marker: m3, pages: [markers.url('/cookies/c')], bulk: { dirs: 200, files: 200 } }));
      let killedBusy = false;
      await c.until(
        'a wipe in progress',
        () => {
          if (agentStatus(c)?.current) {
            killedBusy = c.exec(['kill', '-9', String(before)]).code === 0;
            return true;
          }
          return false;
        },
        120_000,
        20,
      );
      await session;
      step(`agent killed mid-wipe (pid ${before})`);
      assert.ok(killedBusy);
      await c.until(
        'restarted and clean',
        () => mainPid(c) !== before && mainPid(c) > 0 && verifiedClean(c, m3, homeAndTemp('patron1')),
        WIPE_BOUND_MS * 2,
        200,
      );
      assert.ok(Number(c.exec(['systemctl', 'show', '-p', 'NRestarts', '--value', 'tabula-agent.service']).out) > restarts);
      assert.deepEqual(c.sh('find /home/patron1 /tmp /var/tmp -maxdepth 1 -name ".tabula*"').out, '', 'no graveyard left');
      step('wipe finished by the restarted agent');
    });

    await t.test(
      '5. linger (KillUserProcesses=no): processes outlive the session; the wipe closes the browser and leaves nothing',
      { timeout: STEP_MS },
      async () => {
        const m5 = makeMarker();
        assert.doesNotMatch(c.exec(['cat', '/etc/systemd/logind.conf']).out, /^KillUserProcesses=yes/m);
        await c.login('patron2', patronScript({ marker: m5, pages: [markers.url('/cookies/d')], linger: true }));
        const lingering = c.exec(['pgrep', '-u', 'patron2', '-x', 'sleep']).code === 0;
        assert.ok(lingering, 'a patron process outlived the session (linger)');
        await c.until('verified clean', () => verifiedClean(c, m5, homeAndTemp('patron2')), WIPE_BOUND_MS, 100);
        assert.equal(c.exec(['pgrep', '-u', 'patron2', '-x', 'chromium']).code, 1, 'the lingering browser was closed');
        // The agent closes browsers only; other lingering processes are logind's business (KillUserProcesses).
        console.log(
          `figure: lingering non-browser process (sleep) still running after the wipe: ${c.exec(['pgrep', '-c', '-u', 'patron2', '-x', 'sleep']).out.trim()}`,
        );
        c.exec(['pkill', '-KILL', '-u', 'patron2']);
      },
    );

    await t.test(`figures: logout → verified clean over ${SESSIONS} sessions`, { timeout: STEP_MS }, async () => {
      const times: number[] = [];
      const agentMs: number[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const mi = makeMarker();
        await c.login('patron1', patronScript({ marker: mi, pages: [markers.url(`/article/${i}`)] }));
        const out = performance.now();
        await c.until('verified clean', () => verifiedClean(c, mi, homeAndTemp('patron1')), WIPE_BOUND_MS, 25);
        times.push(performance.now() - out);
        const last = agentStatus(c)
          ?.last.filter((r) => r.trigger === 'logout' && r.items > 0)
          .at(-1);
        if (last?.totalMs !== undefined) agentMs.push(last.totalMs);
      }
      console.log(
        `figure: logout → verified clean (real stack, ${SESSIONS} sessions) p50 ${Math.round(percentile(times, 50))} ms, p95 ${Math.round(percentile(times, 95))} ms (polled from the host: status + grep through nsenter); the agent's own session-end → verified totalMs p50 ${Math.round(percentile(agentMs, 50))} ms, p95 ${Math.round(percentile(agentMs, 95))} ms`,
      );
    });

    await t.test(
      '4. boot order: power cut mid-wipe, reboot, the account is clean before a login is accepted',
      { timeout: STEP_MS },
      async () => {
        await bootOrderCase(c, markers.url('/cookies/e'));
      },
    );

    await t.test('apt-get remove keeps configuration and state; purge removes them', { timeout: STEP_MS }, async () => {
      const r = await c.service(['apt-get', 'remove', '-y', '-q', 'tabula-agent'], { DEBIAN_FRONTEND: 'noninteractive' });
      assert.equal(r.code, 0, r.err);
      assert.notEqual(c.exec(['systemctl', 'is-active', 'tabula-agent.service']).out.trim(), 'active');
      for (const gone of [
        '/etc/systemd/system/tabula-agent.service',
        '/usr/lib/tabula',
        '/usr/share/pam-configs/tabula',
        '/usr/lib/tabula-agent/dist',
      ]) {
        assert.equal(c.exec(['test', '-e', gone]).code, 1, `${gone} after remove`);
      }
      assert.doesNotMatch(c.exec(['cat', '/etc/pam.d/common-session']).out, /tabula/);
      for (const kept of ['/etc/tabula/config.json', '/var/lib/tabula'])
        assert.equal(c.exec(['test', '-e', kept]).code, 0, `${kept} kept by remove`);
      const p = await c.service(['apt-get', 'purge', '-y', '-q', 'tabula-agent'], { DEBIAN_FRONTEND: 'noninteractive' });
      assert.equal(p.code, 0, p.err);
      for (const gone of ['/etc/tabula', '/var/lib/tabula']) assert.equal(c.exec(['test', '-e', gone]).code, 1, `${gone} after purge`);
      step('removed and purged');
    });
  } catch (error) {
    console.log(`container console (tail):\n${c.console()}`);
    console.log(c.exec(['journalctl', '-q', '--no-pager', '-n', '60', '-u', 'tabula-agent']).out);
    throw error;
  } finally {
    await c.dispose();
    await tls.close();
    await dashboard.stop();
    await markers.close();
    rmSync(host, { recursive: true, force: true });
  }
});
