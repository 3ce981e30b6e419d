/**
 * Print jobs on a real, private cupsd with a cups-pdf queue: the patron's completed and held jobs
 * are purged with their spool files and their log entries; another account's jobs, files and
 * log lines survive; CUPS unreachable with jobs in the spool is `unchecked`, never clean.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { printJobs } from '../../../main/agent/outside/print-jobs.js';
import { runCommand } from '../../../main/agent/base/run-command.js';
import { addAccount, startCups } from '../../support/cups.js';
import { findMarker } from '../../support/grep-marker.js';

test("real cupsd: the patron's jobs, spool files and log entries go; the other account's stay; unreachable is unchecked", async (t) => {
  const name = `tcp${process.pid}p`;
  const cups = await startCups(t, name);
  if (!cups) return;
  const patron = addAccount(`${name}a`);
  const other = addAccount(`${name}b`);
  try {
    const marker = `PRINTMARK${process.pid}`;
    const otherMarker = `OTHERMARK${process.pid}`;
    const doc = path.join(patron.home, 'resume.txt');
    writeFileSync(doc, `Curriculum vitae ${marker}\n`);
    chmodSync(doc, 0o644);
    const otherDoc = path.join(other.home, 'notes.txt');
    writeFileSync(otherDoc, `staff notes ${otherMarker}\n`);
    chmodSync(otherDoc, 0o644);
    const done = cups.printAs(patron, doc, `resume-${marker}.txt`);
    const held = cups.printAs(patron, doc, `held-${marker}`, true);
    const otherDone = cups.printAs(other, otherDoc, `notes-${otherMarker}`);
    const otherHeld = cups.printAs(other, otherDoc, `later-${otherMarker}`, true);
    await cups.waitCompleted(done);
    await cups.waitCompleted(otherDone);
    const options = { cupsServer: cups.socket, cupsServerRoot: cups.serverRoot };
    const places = [cups.spool, cups.logDir, cups.cacheDir, cups.cupsPdfLog];
    assert.ok(findMarker(places, marker).length > 0, "the print left the patron's marker in the spool and logs");

    const planned = await printJobs('linux', { user: patron.name, home: patron.home }, options, 'plan', runCommand);
    assert.equal(planned.items, 2);
    const wiped = await printJobs('linux', { user: patron.name, home: patron.home }, options, 'wipe', runCommand);
    assert.deepEqual(wiped.failures, []);
    assert.equal(wiped.status, 'checked');
    assert.equal(wiped.items, 2);
    const verified = await printJobs('linux', { user: patron.name, home: patron.home }, options, 'verify', runCommand);
    assert.equal(verified.remaining, 0);
    assert.deepEqual(verified.failures, []);

    const left = await cups.jobs();
    assert.deepEqual(
      left.filter((j) => j.user === patron.name),
      [],
    );
    assert.deepEqual(
      left
        .filter((j) => j.user === other.name)
        .map((j) => j.id)
        .sort(),
      [otherDone, otherHeld].sort(),
    );
    const spool = readdirSync(cups.spool);
    for (const id of [done, held]) assert.ok(!spool.some((n) => n.includes(String(id).padStart(5, '0'))), 'patron job files are gone');
    // (control files are written lazily by cupsd; the document files are there from submission)
    for (const id of [otherDone, otherHeld])
      assert.ok(spool.includes(`d${String(id).padStart(5, '0')}-001`), "other account's document stays");
    assert.deepEqual(findMarker(places, marker), [], "no trace of the patron's document in spool, cache or logs");
    assert.ok(readFileSync(path.join(cups.logDir, 'page_log'), 'utf8').includes(otherMarker), "other account's page log entry stays");
    if (existsSync(cups.cupsPdfLog))
      assert.ok(findMarker([cups.cupsPdfLog], otherMarker).length > 0, "other account's cups-pdf entries stay");

    // CUPS unreachable, the spool still holds (the other account's) jobs: not checked, never clean.
    const unreachable = await printJobs(
      'linux',
      { user: patron.name, home: patron.home },
      { ...options, cupsServer: path.join(cups.spool, 'no-such.sock') },
      'verify',
      runCommand,
    );
    assert.equal(unreachable.status, 'unchecked');
    assert.deepEqual(unreachable.failures, [{ code: 'E_PRINT_UNAVAILABLE', count: 1 }]);
  } finally {
    patron.remove();
    other.remove();
    await cups.stop();
  }
});
