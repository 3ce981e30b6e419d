/** The journal: durable, atomic, names never on disk, clean only after a verified wipe. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Journal, isVerifiedClean } from '../../../main/agent/session/journal.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { removeTree, tempDir } from '../../support/tree.js';

const summary = (over: Partial<WipeSummary> = {}): WipeSummary => ({
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  categories: {},
  failures: [],
  safeMs: 1,
  doneMs: 2,
  browsersClosed: 0,
  remaining: 0,
  ...over,
});

test('dirty at start, clean only after a verified wipe; names never on disk', () => {
  const dir = tempDir();
  try {
    const j = Journal.open(dir);
    const who = { kind: 'account' as const, name: 'patron-alice' };
    j.markDirty(who);
    assert.ok(j.isDirty(who));
    assert.equal(
      j.recordWipe(who, summary({ outcome: 'partial', remaining: 2, failures: [{ category: 'cache', code: 'E_BUSY', count: 2 }] })),
      false,
    );
    assert.equal(j.recordWipe(who, summary({ dryRun: true })), false, 'a dry run proves nothing');
    assert.equal(j.recordWipe(who, undefined, 'E_PERM'), false);
    assert.equal(j.entry(who)?.attempts, 3);
    assert.equal(j.entry(who)?.lastCode, 'E_PERM');
    assert.ok(j.isDirty(who));
    assert.equal(j.recordWipe(who, summary()), true);
    assert.ok(!j.isDirty(who));
    assert.deepEqual(j.counts(), { dirty: 0, clean: 1 });
    const text = readFileSync(path.join(dir, 'journal.json'), 'utf8');
    assert.ok(!text.includes('alice'), 'the account name is not on disk');
    assert.equal(statSync(path.join(dir, 'journal.json')).mode & 0o777, 0o600);
    // Same key after reopening (keyed hash with the installation's secret).
    assert.ok(!Journal.open(dir).isDirty(who));
    Journal.open(dir).markDirty(who);
    assert.ok(Journal.open(dir).isDirty(who));
    assert.ok(!isVerifiedClean(summary({ remaining: 1 })));
  } finally {
    removeTree(dir);
  }
});

test('the key is secret per installation: the same name hashes differently elsewhere', () => {
  const a = tempDir();
  const b = tempDir();
  try {
    const who = { kind: 'account' as const, name: 'patron' };
    assert.notEqual(Journal.open(a).keyOf(who), Journal.open(b).keyOf(who));
  } finally {
    removeTree(a);
    removeTree(b);
  }
});

test('atomic write: a crash after the temp file is written leaves the previous journal intact', () => {
  const dir = tempDir();
  try {
    const who = { kind: 'account' as const, name: 'p1' };
    Journal.open(dir).markDirty(who);
    const before = readFileSync(path.join(dir, 'journal.json'), 'utf8');
    const crashing = Journal.open(dir, {
      onStep: (step) => {
        if (step === 'written') throw new Error('power cut');
      },
    });
    assert.throws(() => crashing.recordWipe(who, summary()), /power cut/);
    assert.equal(readFileSync(path.join(dir, 'journal.json'), 'utf8'), before, 'old content, not a torn one');
    assert.ok(Journal.open(dir).isDirty(who), 'still dirty after the crash');
    // The leftover temp file is ignored; the next write succeeds.
    assert.ok(readdirSync(dir).some((n) => n.endsWith('.tmp')));
    assert.ok(Journal.open(dir).recordWipe(who, summary()));
  } finally {
    removeTree(dir);
  }
});

test('explicit roots are journaled with their roots (recovery needs them)', () => {
  const dir = tempDir();
  try {
    const j = Journal.open(dir);
    j.markDirty({ kind: 'roots', home: '/srv/kiosk/home', temp: ['/srv/kiosk/tmp'] });
    const [dirty] = Journal.open(dir).dirty();
    assert.deepEqual(dirty?.entry.roots, { home: '/srv/kiosk/home', temp: ['/srv/kiosk/tmp'] });
  } finally {
    removeTree(dir);
  }
});

test('a corrupt journal is kept aside and reported corrupt (the agent then wipes every patron)', () => {
  const dir = tempDir();
  try {
    Journal.open(dir).markDirty({ kind: 'account', name: 'p' });
    writeFileSync(path.join(dir, 'journal.json'), '{"version":1,"entr');
    const j = Journal.open(dir);
    assert.equal(j.corrupt, true);
    assert.ok(readdirSync(dir).some((n) => n.startsWith('journal.json.corrupt-')));
    assert.equal(Journal.open(dir).corrupt, false, 'a fresh journal was written');
  } finally {
    removeTree(dir);
  }
});
