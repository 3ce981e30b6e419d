/**
 * A realistic patron session with real programs on Linux, then `tabula session end` in clean mode
 * without a baseline: the patron prints a résumé on a real cupsd's cups-pdf queue (`lp` as the
 * patron), types in a real interactive bash and python3 (on a pty, with their own HOME: both write
 * their histories), saves a note in the home folder itself, has a keyring file, leaves a file in
 * /dev/shm, and browses with a real Chromium profile. Afterwards a grep for the patron's marker
 * over the home, /tmp, /var/tmp, /dev/shm, /var/spool, /var/log and /var/cache finds nothing,
 * while another account's print job, spool files and home survive. Prints the trace-file figures.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { makeChromiumProfile } from '../../support/chromium-profile.js';
import { addAccount, startCups } from '../../support/cups.js';
import { findMarker, findMarkerHits } from '../../support/grep-marker.js';
import { startMarkerServer } from '../../support/marker-server.js';
import { needProgram } from '../../support/programs.js';
import { needRoot } from '../../support/skip.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/main/cli.js');
const SCAN = ['/tmp', '/var/tmp', '/dev/shm', '/var/spool', '/var/log', '/var/cache'];

/** Runs `program` as the account on a pseudo-terminal (`script`), feeding it `input`. */
function typeAs(user: { name: string; uid: number; gid: number; home: string }, program: string, input: string): void {
  execFileSync(
    'setpriv',
    [
      '--reuid',
      String(user.uid),
      '--regid',
      String(user.gid),
      '--init-groups',
      'env',
      '-i',
      `HOME=${user.home}`,
      `USER=${user.name}`,
      'PATH=/usr/bin:/bin',
      'TERM=dumb',
      'script',
      '-qec',
      program,
      '/dev/null',
    ],
    { input, cwd: user.home, stdio: ['pipe', 'ignore', 'ignore'], timeout: 30_000 },
  );
}

test('realistic session, clean mode without a baseline: nothing of the patron is left', { timeout: 300_000 }, async (t) => {
  await session(t, false);
});

test(
  'realistic session, reset with a baseline captured first (the default auto mode): nothing of the patron is left',
  { timeout: 300_000 },
  async (t) => {
    await session(t, true);
  },
);

async function session(t: TestContext, withBaseline: boolean): Promise<void> {
  if (!needRoot(t, 'a realistic session with real accounts')) return;
  for (const p of ['chromium', 'bash', 'python3', 'script', 'setpriv']) if (!needProgram(t, p)) return;
  const name = `tcp${process.pid}${withBaseline ? 's' : 'r'}`;
  const cups = await startCups(t, name);
  if (!cups) return;
  const patron = addAccount(`${name}a`);
  const other = addAccount(`${name}b`);
  const base = mkdtempSync(path.join(tmpdir(), 'tabula-realistic-'));
  const marker = `tcpmark${process.pid}q`;
  const otherMarker = `tcpother${process.pid}q`;
  const server = await startMarkerServer(marker);
  const shm = path.join('/dev/shm', `${name}-session`);
  const state = path.join(base, 'state');
  const config = path.join(base, 'config.json');
  const mode = withBaseline ? 'reset' : 'clean';
  try {
    writeFileSync(config, JSON.stringify({ accounts: [patron.name], print: { cupsServer: cups.socket, cupsServerRoot: cups.serverRoot } }));
    if (withBaseline) {
      // IT sets up the account, then captures it: every session end of the account is then a reset.
      await run(process.execPath, [CLI, 'baseline', 'capture', '--account', patron.name, '--config', config, '--state', state]);
    } else {
      writeFileSync(
        config,
        JSON.stringify({ accounts: [patron.name], mode: 'clean', print: { cupsServer: cups.socket, cupsServerRoot: cups.serverRoot } }),
      );
    }
    const own = (p: string) => chownSync(p, patron.uid, patron.gid);
    // The résumé, printed by the patron; another account's held job.
    const resume = path.join(patron.home, `resume-${marker}.txt`);
    writeFileSync(resume, `Curriculum vitae — ${marker}\n`);
    own(resume);
    const job = cups.printAs(patron, resume, `resume-${marker}.txt`);
    const otherDoc = path.join(other.home, 'rota.txt');
    writeFileSync(otherDoc, `rota ${otherMarker}\n`);
    chmodSync(otherDoc, 0o644);
    const otherJob = cups.printAs(other, otherDoc, `rota-${otherMarker}`, true);
    await cups.waitCompleted(job);
    // Typing in real shells.
    typeAs(patron, 'bash -i', `echo ${marker}-typed-in-bash\nexit\n`);
    typeAs(patron, 'python3', `note = "${marker}-typed-in-python"\nexit()\n`);
    // A note saved in the home folder itself, a keyring, a shared-memory file.
    writeFileSync(path.join(patron.home, 'note.txt'), `call about ${marker}\n`);
    own(path.join(patron.home, 'note.txt'));
    const keyrings = path.join(patron.home, '.local', 'share', 'keyrings');
    mkdirSync(keyrings, { recursive: true });
    writeFileSync(path.join(keyrings, 'login.keyring'), `GnomeKeyring\n${marker}\n`);
    writeFileSync(shm, `shm ${marker}\n`);
    own(shm);
    // Browsing with a real Chromium profile (run by the test, the files then given to the patron).
    await makeChromiumProfile({
      userDataDir: path.join(patron.home, '.config', 'chromium'),
      marker,
      server,
      tempDir: path.join(patron.home, '.cache', 'tmp'),
    });
    execFileSync('chown', ['-R', `${patron.uid}:${patron.gid}`, patron.home]);

    const scanned = [patron.home, ...SCAN];
    const exclude = { exclude: [base], maxFileBytes: 8 * 1024 * 1024 };
    const before = findMarkerHits(scanned, marker, exclude).map((h) => h.path);
    t.diagnostic(`${mode}: trace files holding the marker before the session end: ${before.length}`);
    assert.ok(
      before.some((p) => p.includes('.bash_history')) && before.some((p) => p.includes('.python_history')),
      'real shells wrote histories',
    );
    assert.ok(
      before.some((p) => p.startsWith(cups.spool)),
      'the print left the document in the spool',
    );

    const { stdout } = await run(
      process.execPath,
      [CLI, 'session', 'end', '--account', patron.name, '--config', config, '--state', state, '--json'],
      { timeout: 120_000 },
    ).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    const answer = JSON.parse(stdout.trim().split('\n').pop() as string) as {
      result: { outcome: string; failures: unknown[]; scope?: { verified: string[] } };
    };
    const result = answer.result;
    t.diagnostic(`${mode}: session end: ${JSON.stringify(result)}`);

    const left = findMarkerHits(scanned, marker, exclude).map((h) => h.path);
    t.diagnostic(`${mode}: trace files left after the session end: ${left.length} of ${before.length}`);
    assert.deepEqual(left, [], 'no trace of the patron is left');
    assert.equal(result.outcome, 'clean');
    assert.ok(result.scope?.verified.includes('print-jobs'), 'print jobs were verified');
    assert.ok(!stdout.includes(marker) && !stdout.includes(patron.name), 'the answer names neither the patron nor their data');
    assert.deepEqual(findMarker([state], marker), [], "Tabula's own logs and journal hold no trace");
    assert.deepEqual(findMarker([state], patron.name), [], 'nor the account name');

    // The other account: its job, its spool file and its home are untouched.
    const jobs = await cups.jobs();
    assert.deepEqual(
      jobs.filter((j) => j.user === other.name).map((j) => j.id),
      [otherJob],
    );
    assert.ok(readdirSync(cups.spool).includes(`d${String(otherJob).padStart(5, '0')}-001`));
    assert.ok(existsSync(otherDoc));
    assert.ok(findMarker([other.home, cups.spool], otherMarker).length >= 2);
    // The skeleton of the patron's account stays.
    for (const skel of readdirSync('/etc/skel')) assert.ok(existsSync(path.join(patron.home, skel)), `${skel} stays`);

    // Verify agrees, then says partial when CUPS cannot be asked while its spool holds jobs.
    const verify = await run(process.execPath, [CLI, 'verify', '--account', patron.name, '--config', config, '--state', state, '--json']);
    assert.equal(JSON.parse(verify.stdout).clean, true);
    writeFileSync(
      config,
      JSON.stringify({
        accounts: [patron.name],
        mode,
        print: { cupsServer: path.join(base, 'no-cups.sock'), cupsServerRoot: cups.serverRoot },
      }),
    );
    const down = await run(process.execPath, [
      CLI,
      'session',
      'end',
      '--account',
      patron.name,
      '--config',
      config,
      '--state',
      state,
      '--json',
    ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const partial = (
      JSON.parse(down.stdout.trim().split('\n').pop() as string) as {
        result: { outcome: string; failures: Array<{ code: string }>; scope?: { unchecked: string[] } };
      }
    ).result;
    assert.equal(partial.outcome, 'partial');
    assert.ok(partial.failures.some((f) => f.code === 'E_PRINT_UNAVAILABLE'));
    assert.deepEqual(partial.scope?.unchecked, ['print-jobs']);
  } finally {
    await server.close();
    rmSync(shm, { force: true });
    patron.remove();
    other.remove();
    await cups.stop();
    rmSync(base, { recursive: true, force: true });
  }
}
