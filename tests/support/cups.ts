/**
 * A private, real CUPS scheduler for print tests: its own server root, spool, cache and logs
 * (below /var/spool, /var/cache, /var/log, so a grep of those folders sees them), listening only
 * on its own socket, with one cups-pdf queue named after the test. It never touches the system's
 * cupsd. cups-pdf reads /etc/cups/cups-pdf.conf (compiled in) and logs to
 * /var/log/cups/cups-pdf-<queue>_log, which stop() removes with everything else.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { listJobs, type CupsJob } from '../../main/agent/outside/cups-ipp.js';
import { runCommand } from '../../main/agent/base/run-command.js';
import { findProgram } from './programs.js';
import { needRoot, skipOrFail } from './skip.js';

export interface PrivateCups {
  name: string;
  socket: string;
  serverRoot: string;
  spool: string;
  logDir: string;
  cacheDir: string;
  queue: string;
  cupsPdfLog: string;
  /** Prints `file` as the account (its own uid, gid, HOME), `lp -t title`; returns the job id. */
  printAs(user: { uid: number; gid: number; home: string }, file: string, title: string, hold?: boolean): number;
  jobs(): Promise<CupsJob[]>;
  waitCompleted(id: number): Promise<void>;
  stop(): Promise<void>;
}

const PROGRAMS = ['cupsd', 'lp', 'lpadmin', 'ipptool', 'setpriv'];

export async function startCups(t: TestContext, name: string): Promise<PrivateCups | undefined> {
  for (const p of PROGRAMS)
    if (!findProgram(p))
      return (
        skipOrFail(t, `a real CUPS test needs ${p} (apt-get install cups cups-client cups-ipp-utils printer-driver-cups-pdf)`) || undefined
      );
  if (!existsSync('/usr/lib/cups/backend/cups-pdf')) return skipOrFail(t, 'a real CUPS test needs printer-driver-cups-pdf') || undefined;
  if (!needRoot(t, 'a private cupsd')) return undefined;
  const serverRoot = `/var/lib/${name}-cups`;
  const spool = `/var/spool/${name}-cups`;
  const logDir = `/var/log/${name}-cups`;
  const cacheDir = `/var/cache/${name}-cups`;
  const runDir = `/run/${name}-cups`;
  const socket = path.join(runDir, 'cups.sock');
  const queue = name;
  for (const d of [serverRoot, path.join(serverRoot, 'ppd'), spool, path.join(spool, 'tmp'), logDir, cacheDir, runDir])
    mkdirSync(d, { recursive: true });
  chmodSync(spool, 0o710);
  writeFileSync(
    path.join(serverRoot, 'cupsd.conf'),
    [
      'LogLevel info',
      `Listen ${socket}`,
      'Browsing No',
      'WebInterface No',
      'PreserveJobHistory Yes',
      'PreserveJobFiles Yes',
      '<Location />',
      '  Order allow,deny',
      '  Allow localhost',
      '</Location>',
      '<Policy default>',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(serverRoot, 'cups-files.conf'),
    [
      'SystemGroup root',
      `ServerRoot ${serverRoot}`,
      `RequestRoot ${spool}`,
      `CacheDir ${cacheDir}`,
      `StateDir ${runDir}`,
      `TempDir ${path.join(spool, 'tmp')}`,
      `AccessLog ${logDir}/access_log`,
      `ErrorLog ${logDir}/error_log`,
      `PageLog ${logDir}/page_log`,
      'ServerBin /usr/lib/cups',
      'DataDir /usr/share/cups',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'cupsd',
    ['-f', '-c', path.join(serverRoot, 'cupsd.conf'), '-s', path.join(serverRoot, 'cups-files.conf')],
    { stdio: 'ignore' },
  );
  const env = { ...process.env, CUPS_SERVER: socket, LANG: 'C' };
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cups: PrivateCups = {
    name,
    socket,
    serverRoot,
    spool,
    logDir,
    cacheDir,
    queue,
    cupsPdfLog: `/var/log/cups/cups-pdf-${queue}_log`,
    printAs(user, file, title, hold = false) {
      const out = execFileSync(
        'setpriv',
        [
          '--reuid',
          String(user.uid),
          '--regid',
          String(user.gid),
          '--init-groups',
          'env',
          `HOME=${user.home}`,
          `CUPS_SERVER=${socket}`,
          'LANG=C',
          'lp',
          '-d',
          queue,
          '-t',
          title,
          ...(hold ? ['-H', 'hold'] : []),
          file,
        ],
        { encoding: 'utf8', cwd: '/' },
      );
      const m = /request id is \S+-(\d+) /.exec(out);
      if (!m) throw new Error('lp printed no request id');
      return Number(m[1]);
    },
    jobs: () => listJobs(runCommand, socket),
    async waitCompleted(id) {
      for (let i = 0; i < 300; i++) {
        const job = (await cups.jobs()).find((j) => j.id === id);
        if (job && ['completed', 'aborted', 'canceled'].includes(job.state)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`job ${id} did not complete`);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await stopped;
      for (const d of [serverRoot, spool, logDir, cacheDir, runDir]) rmSync(d, { recursive: true, force: true });
      rmSync(cups.cupsPdfLog, { force: true });
    },
  };
  try {
    for (let i = 0; !existsSync(socket); i++) {
      if (i > 100 || child.exitCode !== null) throw new Error('cupsd did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    execFileSync('lpadmin', ['-p', queue, '-E', '-v', 'cups-pdf:/', '-P', '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd'], {
      env,
      stdio: 'ignore',
    });
  } catch (error) {
    await cups.stop();
    throw error;
  }
  return cups;
}

/** A throw-away account made with useradd (name must start with the test prefix); remove() is userdel -r. */
export function addAccount(name: string): { name: string; uid: number; gid: number; home: string; remove(): void } {
  execFileSync('useradd', ['-m', '-s', '/bin/bash', name]);
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`)) as string;
  const [, , uid, gid, , home] = line.split(':');
  return {
    name,
    uid: Number(uid),
    gid: Number(gid),
    home: home as string,
    remove() {
      execFileSync('userdel', ['-r', '-f', name], { stdio: 'ignore' });
    },
  };
}
