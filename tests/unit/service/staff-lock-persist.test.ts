/**
 * The staff PIN lockout survives a restart: StaffAuth with a fake clock on a real temp state dir.
 * A new StaffAuth on the same dir is still locked; a corrupt or unreadable file starts locked
 * (fail safe, fixed log event); a good PIN after the lock clears the saved state. The file holds
 * counters and times only (0600), never the PIN or a token.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { STAFF_LOCK_FILE, StaffAuth, hashPin, readStaffLockState } from '../../../main/agent/service/staff-pin.js';
import { memoryLog } from '../../support/agent-run.js';

const PIN = '13572468';
const HASH = hashPin(PIN);
const WRONG = '86429753';

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-staff-lock-'));
  const clock = { now: 7_000_000_000 };
  const log = memoryLog();
  const make = () => new StaffAuth({ stateDir: dir, log, now: () => clock.now });
  return { dir, file: path.join(dir, STAFF_LOCK_FILE), clock, log, make, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function wrong(a: StaffAuth, n: number) {
  let last;
  for (let i = 0; i < n; i++) last = a.unlock(WRONG, HASH);
  return last;
}

test('a lock survives a new StaffAuth on the same state dir; the file is 0600 and holds no secret', () => {
  const s = setup();
  try {
    const first = s.make();
    assert.deepEqual(wrong(first, 5), { locked: true, retryAfterSec: 30 });
    const text = readFileSync(s.file, 'utf8');
    if (process.platform !== 'win32') assert.equal(statSync(s.file).mode & 0o777, 0o600);
    assert.ok(!text.includes(PIN) && !text.includes(WRONG) && !text.includes(HASH.split('$')[4] ?? 'x'), 'counts and times only');
    assert.deepEqual(readStaffLockState(s.file), { failures: 0, lockouts: 1, lockedUntil: s.clock.now + 30_000, lastFailure: s.clock.now });

    s.clock.now += 10_000;
    const restarted = s.make();
    assert.equal(restarted.retryAfterSec(), 20, 'still locked after the restart');
    assert.deepEqual(restarted.unlock(PIN, HASH), { locked: true, retryAfterSec: 20 }, 'not even the good PIN');
    s.clock.now += 20_000;
    assert.deepEqual(wrong(restarted, 5), { locked: true, retryAfterSec: 60 }, 'the lockout count survived: the next lock doubles');
  } finally {
    s.cleanup();
  }
});

test('wrong PINs in a row survive a restart: four, restart, one more locks', () => {
  const s = setup();
  try {
    assert.equal(wrong(s.make(), 4), undefined);
    assert.deepEqual(wrong(s.make(), 1), { locked: true, retryAfterSec: 30 });
  } finally {
    s.cleanup();
  }
});

test('a good PIN after the lock clears the saved state', () => {
  const s = setup();
  try {
    const a = s.make();
    wrong(a, 5);
    s.clock.now += 30_000;
    wrong(a, 2);
    const ok = a.unlock(PIN, HASH);
    assert.ok(ok && 'token' in ok);
    assert.deepEqual(readStaffLockState(s.file), { failures: 0, lockouts: 0, lockedUntil: 0, lastFailure: 0 });
    assert.ok(!readFileSync(s.file, 'utf8').includes(ok.token), 'tokens are never saved');
    const restarted = s.make();
    assert.equal(restarted.retryAfterSec(), 0);
    assert.equal(restarted.isValid(ok.token), false, 'tokens live in memory only');
    assert.deepEqual(wrong(restarted, 5), { locked: true, retryAfterSec: 30 }, 'back to the first lock length');
  } finally {
    s.cleanup();
  }
});

test('a corrupt file starts locked for the first lock length, logs a fixed event, then works again', () => {
  const s = setup();
  try {
    for (const bad of ['{"v":1,"failures":', '[]', '{"v":1,"failures":0,"lockouts":-1,"lockedUntil":0,"lastFailure":0}', 'null']) {
      writeFileSync(s.file, bad, { mode: 0o600 });
      s.log.lines.length = 0;
      const a = s.make();
      assert.equal(a.retryAfterSec(), 30, bad);
      assert.deepEqual(a.unlock(PIN, HASH), { locked: true, retryAfterSec: 30 }, 'fail safe: no PIN is checked');
      assert.equal(s.log.lines.length, 1);
      const line = JSON.parse(s.log.lines[0] ?? '{}') as { event?: string };
      assert.equal(line.event, 'staff.lock-state-unreadable');
      assert.ok(!s.log.lines[0]?.includes(s.dir), 'no path in the log');
      assert.equal(s.make().retryAfterSec(), 30, 'the fail-safe lock was saved over the corrupt file');
    }
    s.clock.now += 30_000;
    const ok = s.make().unlock(PIN, HASH);
    assert.ok(ok && 'token' in ok, 'after the fail-safe lock the good PIN works');
  } finally {
    s.cleanup();
  }
});

test('an unreadable file (a folder in its place) also starts locked; the lock still holds in memory', () => {
  const s = setup();
  try {
    mkdirSync(s.file);
    const a = s.make();
    assert.equal(a.retryAfterSec(), 30);
    assert.deepEqual(
      s.log.lines.map((l) => (JSON.parse(l) as { event: string }).event),
      ['staff.lock-state-unreadable', 'staff.lock-state-unsaved'],
    );
  } finally {
    s.cleanup();
  }
});

test('a lock end far in the future (clock set back) is capped at what its lockout count allows', () => {
  const s = setup();
  try {
    writeFileSync(
      s.file,
      JSON.stringify({ v: 1, failures: 0, lockouts: 2, lockedUntil: s.clock.now + 365 * 86_400_000, lastFailure: s.clock.now }),
    );
    assert.equal(s.make().retryAfterSec(), 60);
  } finally {
    s.cleanup();
  }
});
