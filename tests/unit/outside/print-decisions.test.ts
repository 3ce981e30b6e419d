/**
 * Print-job decisions on recorded outputs (tests/fixtures/print): which jobs are the patron's
 * (CUPS ipptool CSV, Windows Get-PrintJob JSON), what the spooler is told, and which log lines
 * go (page_log by user field, cups-pdf by run); another account's entries always stay.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseJobs, serverUri } from '../../../main/agent/outside/cups-ipp.js';
import { scrubCupsPdf, scrubFile, scrubLines } from '../../../main/agent/outside/log-scrub.js';
import { printJobs } from '../../../main/agent/outside/print-jobs.js';
import { LIST_SCRIPT, parseWindowsJobs, psQuote, removeScript } from '../../../main/agent/outside/windows-print.js';
import type { CommandRunner } from '../../../main/agent/base/run-command.js';
import { needRoot } from '../../support/skip.js';

const fixture = (name: string) => readFileSync(path.join(process.cwd(), 'tests', 'fixtures', 'print', name), 'utf8');
const marks = { user: 'patron', home: '/home/patron', titles: ['resume-MARKER'], jobIds: [2] };

test('ipptool CSV: owners, states and titles (quoted, with commas and escaped quotes)', () => {
  const jobs = parseJobs(fixture('ipptool-get-jobs.csv'));
  assert.deepEqual(
    jobs.map((j) => [j.id, j.user, j.state]),
    [
      [5, 'root', 'completed'],
      [6, 'patron', 'processing'],
      [7, 'patron', 'pending'],
      [8, 'staff1', 'pending-held'],
    ],
  );
  assert.equal(jobs[1]?.title, 'my, "résumé"-MARKER');
  assert.equal(jobs[2]?.bytes, 12 * 1024);
  assert.throws(() => parseJobs('lpstat: Scheduler is not running.\n'));
  assert.equal(serverUri('/run/cups/cups.sock'), 'ipp://%2Frun%2Fcups%2Fcups.sock/');
  assert.throws(() => serverUri('host/../x'));
});

test("page_log: only the patron's lines go (by user field, not a longer name), others stay", () => {
  const { text, removed } = scrubLines(fixture('page_log'), marks);
  assert.equal(removed, 1);
  assert.match(text, /staff1 1 /);
  assert.match(text, /patron2 3 /, 'patron2 is another account');
  assert.doesNotMatch(text, /MARKER/);
});

test("cups-pdf log: the patron's whole run goes (mangled title too), the other run stays whole", () => {
  const { text, removed } = scrubCupsPdf(fixture('cups-pdf-queue_log'), marks);
  assert.ok(removed >= 7);
  assert.doesNotMatch(text, /MARKER|\/home\/patron|for patron$/m);
  assert.match(text, /user identified: staff1/);
  assert.match(text, /\(rota-OTHER\)\nPDF/);
  // Without debug logging there are no runs: record by record.
  const plain =
    'Wed Dec  2 17:13:56 2026  [STATUS] PDF creation successfully finished for patron\nWed Dec  2 17:14:56 2026  [STATUS] PDF creation successfully finished for staff1\n';
  assert.deepEqual(scrubCupsPdf(plain, marks), {
    text: 'Wed Dec  2 17:14:56 2026  [STATUS] PDF creation successfully finished for staff1\n',
    removed: 1,
  });
});

test('scrubFile rewrites in place and refuses links and non-root files', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-scrub-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'page_log');
  writeFileSync(file, fixture('page_log'));
  const result = scrubFile(file, (s) => scrubLines(s, marks));
  if (process.geteuid?.() === 0) {
    assert.deepEqual(result, { removed: 1 });
    assert.doesNotMatch(readFileSync(file, 'utf8'), /MARKER/);
  } else {
    assert.deepEqual(result, { error: 'E_IO' }, 'a log not owned by root is never rewritten');
  }
  assert.deepEqual(
    scrubFile(path.join(dir, 'absent'), (s) => scrubLines(s, marks)),
    { absent: true },
  );
});

test("Windows: the patron's jobs by account name (case-insensitive, DOMAIN\\name), quoted for PowerShell", async () => {
  const jobs = parseWindowsJobs(fixture('get-printjob.json'));
  assert.equal(parseWindowsJobs(fixture('get-printjob-one.json')).length, 1, 'one job is one object, not an array');
  assert.deepEqual(parseWindowsJobs(''), []);
  assert.equal(jobs[1]?.user, 'staff1');
  assert.equal(psQuote("Kiosk 'B'"), "'Kiosk ''B'''");
  assert.match(LIST_SCRIPT, /Get-PrintJob -PrinterObject/);
  const calls: string[] = [];
  let listed = fixture('get-printjob.json');
  const run: CommandRunner = async (file, args) => {
    const script = Buffer.from(args[args.length - 1] as string, 'base64').toString('utf16le');
    calls.push(script);
    if (script.includes('Remove-PrintJob')) {
      listed = JSON.stringify(JSON.parse(listed).filter((j: { user: string }) => j.user.toLowerCase() !== 'patron'));
      return { code: 0, stdout: '', stderr: '' };
    }
    return { code: 0, stdout: listed, stderr: '' };
  };
  const outcome = await printJobs('win32', { user: 'patron', home: 'C:\\Users\\patron' }, {}, 'wipe', run);
  assert.equal(outcome.items, 2);
  assert.deepEqual(outcome.failures, []);
  const remove = calls.find((c) => c.includes('Remove-PrintJob')) as string;
  assert.equal(remove, removeScript(jobs.filter((j) => j.user.toLowerCase() === 'patron')));
  assert.match(remove, /'Front Desk HP\|4', 'Microsoft Print to PDF\|2'/);
  assert.doesNotMatch(remove, /staff1|patron2|Kiosk/);
  // The spooler not answering is unchecked, never clean.
  const down: CommandRunner = async () => ({ code: 1, stdout: '', stderr: 'spooler' });
  const unchecked = await printJobs('win32', { user: 'patron', home: 'C:\\Users\\patron' }, {}, 'verify', down);
  assert.equal(unchecked.status, 'unchecked');
  assert.deepEqual(unchecked.failures, [{ code: 'E_PRINT_UNAVAILABLE', count: 1 }]);
});

test('CUPS not answering: an empty spool is verified, a spool with jobs or an unreadable one is unchecked; a purge that leaves files is remaining', async (t) => {
  if (!needRoot(t, 'the CUPS configuration is only read when root-owned: this test')) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-cups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spool = path.join(dir, 'spool');
  mkdirSync(spool);
  writeFileSync(path.join(dir, 'cups-files.conf'), `RequestRoot ${spool}\nPageLog ${path.join(dir, 'page_log')}\nErrorLog syslog\n`);
  const options = { cupsServer: path.join(dir, 'none.sock'), cupsServerRoot: dir, cupsPdfConfDir: dir };
  const patron = { user: 'patron', home: '/home/patron' };
  const down: CommandRunner = async () => ({ code: 1, stdout: '', stderr: 'ipptool: Unable to connect' });
  const empty = await printJobs('linux', patron, options, 'verify', down);
  assert.deepEqual([empty.status, empty.failures], ['checked', []], "nobody's jobs in an empty spool");
  writeFileSync(path.join(spool, 'c00007'), 'x');
  const withJobs = await printJobs('linux', patron, options, 'verify', down);
  assert.deepEqual([withJobs.status, withJobs.failures], ['unchecked', [{ code: 'E_PRINT_UNAVAILABLE', count: 1 }]]);
  rmSync(spool, { recursive: true });
  writeFileSync(spool, 'not a folder');
  const unreadable = await printJobs('linux', patron, options, 'verify', down);
  assert.deepEqual([unreadable.status, unreadable.failures], ['unchecked', [{ code: 'E_IO', count: 1 }]]);
  // CUPS answers and says it purged, but the files stay: remaining, never clean.
  rmSync(spool);
  mkdirSync(spool);
  writeFileSync(path.join(spool, 'd00007-001'), 'x');
  const purged: string[] = [];
  const up: CommandRunner = async (_file, args) => {
    if (args.includes('-c'))
      return {
        code: 0,
        stdout: 'job-id,job-originating-user-name,job-state,job-name,job-k-octets\n7,patron,completed,cv,1\n8,staff1,pending-held,rota,1\n',
        stderr: '',
      };
    purged.push(...(/ATTR integer job-id (\d+)/.exec(readFileSync(args[args.length - 1] as string, 'utf8'))?.slice(1) ?? []));
    return { code: 0, stdout: '', stderr: '' };
  };
  const stuck = await printJobs('linux', patron, options, 'wipe', up);
  assert.equal(stuck.items, 1, "only the patron's job");
  assert.deepEqual(purged, ['7'], "CUPS is told to purge the patron's job only");
  assert.deepEqual(stuck.failures, [{ code: 'E_REMAINING', count: 1 }]);
});
