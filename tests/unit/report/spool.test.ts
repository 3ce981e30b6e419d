/** The spool: atomic root-only files, crash leftovers, the bound (failures never merged away). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildReport, configHashOf } from '../../../main/agent/report/builder.js';
import { Spool, entryName, type SpoolRecordT } from '../../../main/agent/report/spool.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { removeTree, tempDir } from '../../support/tree.js';

const CLEAN: WipeSummary = {
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  safeMs: 100,
  doneMs: 400,
  browsersClosed: 0,
  remaining: 0,
  categories: { history: { items: 1, bytes: 100 } },
  failures: [],
};
const FAILED: WipeSummary = { ...CLEAN, outcome: 'partial', failures: [{ category: 'cache', code: 'E_BUSY', count: 1 }] };
const HOUR = Date.UTC(2025, 2, 1, 14);

function record(summary: WipeSummary, at: number, trigger: 'logout' | 'idle' = 'logout'): SpoolRecordT {
  const report = buildReport(summary, trigger, at);
  return { v: 1, queuedAt: at, urgent: report.outcome !== 'clean', agentVersion: '0.1.0', configHash: configHashOf({}), report };
}

test('one root-only file per report; no temp file left; damaged and leftover files are cleaned', () => {
  const state = tempDir();
  try {
    const spool = new Spool(state);
    const { name } = spool.add(record(CLEAN, HOUR));
    assert.deepEqual(readdirSync(spool.dir), [name]);
    if (process.platform !== 'win32') {
      assert.equal(statSync(path.join(spool.dir, name)).mode & 0o777, 0o600);
      assert.equal(statSync(spool.dir).mode & 0o777, 0o700);
    }
    writeFileSync(path.join(spool.dir, '.report.json.4242.1.tmp'), '{"half'); // left by an interrupted atomic write
    writeFileSync(path.join(spool.dir, `${'0'.repeat(15)}-s-${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}.json`), '{"v":1,"note":"x"}');
    const { entries, invalid } = spool.load();
    assert.equal(entries.length, 1);
    assert.equal(invalid, 1);
    assert.deepEqual(readdirSync(spool.dir), [name]);
  } finally {
    removeTree(state);
  }
});

test('over the bound, successes merge per hour and trigger; failures are never merged or dropped', () => {
  const state = tempDir();
  try {
    const spool = new Spool(state, 10);
    for (let i = 0; i < 8; i++) spool.add(record(FAILED, HOUR + i));
    for (let i = 0; i < 6; i++) spool.add(record(CLEAN, HOUR + 100 + i, i % 2 ? 'idle' : 'logout'));
    const { entries } = spool.load();
    const failures = entries.filter((e) => e.urgent);
    const successes = entries.filter((e) => !e.urgent);
    assert.equal(failures.length, 8, 'every failure kept');
    assert.ok(entries.length <= 10);
    assert.equal(
      successes.reduce((n, e) => n + e.report.wipes, 0),
      6,
      'no success lost',
    );
    assert.ok(successes.every((e) => e.report.hour === '2025-03-01T14:00:00Z'));
    // Failures only, beyond the bound: still kept.
    for (let i = 0; i < 5; i++) spool.add(record(FAILED, HOUR + 1_000 + i));
    assert.equal(spool.load().entries.filter((e) => e.urgent).length, 13);
  } finally {
    removeTree(state);
  }
});

test('successes of distinct hours that cannot merge are dropped oldest first, never failures', () => {
  const state = tempDir();
  try {
    const spool = new Spool(state, 3);
    spool.add(record(FAILED, HOUR));
    for (let h = 1; h <= 4; h++) spool.add(record(CLEAN, HOUR + h * 3_600_000));
    const { entries } = spool.load();
    assert.equal(entries.length, 3);
    assert.equal(entries.filter((e) => e.urgent).length, 1);
    assert.deepEqual(
      entries.filter((e) => !e.urgent).map((e) => e.report.hour),
      ['2025-03-01T17:00:00Z', '2025-03-01T18:00:00Z'],
    );
  } finally {
    removeTree(state);
  }
});

test('an aggregate supersedes its members even after a crash; attempted reports are never re-merged', () => {
  const state = tempDir();
  try {
    const spool = new Spool(state);
    const a = record(CLEAN, HOUR);
    const b = record(CLEAN, HOUR + 1);
    spool.add(a);
    spool.add(b);
    // Crash after writing the aggregate, before deleting its members: simulate by writing it by hand.
    const agg: SpoolRecordT = { ...record(CLEAN, HOUR + 2), replaces: [entryName(a), entryName(b)] };
    agg.report.wipes = 2;
    agg.report.safeMs = { le100: 2 };
    agg.report.doneMs = { le500: 2 };
    writeFileSync(path.join(spool.dir, entryName(agg)), JSON.stringify(agg));
    const { entries } = spool.load();
    assert.deepEqual(
      entries.map((e) => e.name),
      [entryName(agg)],
    );
    assert.equal(spool.count(), 1);

    const c = record(CLEAN, HOUR + 3);
    spool.add(c);
    spool.markAttempted([entryName(agg)]);
    assert.equal(
      spool.aggregate(() => true),
      0,
      'an attempted aggregate keeps its key',
    );
    const d = record(CLEAN, HOUR + 4);
    spool.add(d);
    assert.equal(
      spool.aggregate(() => true),
      2,
      'the two fresh ones merge',
    );
    const after = spool.load().entries;
    assert.equal(after.length, 2);
    assert.ok(after.some((e) => e.report.key === agg.report.key));
    assert.equal(
      after.reduce((n, e) => n + e.report.wipes, 0),
      4,
    );
  } finally {
    removeTree(state);
  }
});
