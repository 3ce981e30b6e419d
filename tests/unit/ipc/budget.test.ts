/** The patron socket's connection budget: anonymous places, probation, and the cap per account uid. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { ConnectionBudget } from '../../../main/agent/ipc/budget.js';

class FakeSocket extends EventEmitter {
  destroyed = false;
  ended = false;
  destroy() {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
  end() {
    this.ended = true;
    return this;
  }
}

test('budget: 2 anonymous places, then probation (closed after one answer); one uid pushes out only its own oldest', () => {
  const budget = new ConnectionBudget({ anonymous: 2, perAccount: 2, probationMs: 60_000 });
  const sockets: FakeSocket[] = [];
  const admit = () => {
    const s = new FakeSocket();
    sockets.push(s);
    const m = budget.admit(s as unknown as Socket);
    s.once('close', () => budget.release(m));
    return m;
  };
  const [a, b, c] = [admit(), admit(), admit()];
  assert.deepEqual([a.kind, b.kind, c.kind], ['anonymous', 'anonymous', 'probation']);
  budget.answered(a);
  assert.equal(sockets[0]!.ended, false, 'an anonymous place stays open');
  budget.answered(c);
  assert.equal(sockets[2]!.ended, true, 'probation: one answer, then closed');

  // b shows uid 1001's token: it leaves the anonymous places, so the next newcomer gets one.
  budget.authenticate(b, 1001);
  assert.equal(admit().kind, 'anonymous');
  const theirs = [admit(), admit(), admit()];
  for (const m of theirs) budget.authenticate(m, 1002);
  assert.deepEqual(
    theirs.map((m) => m.socket.destroyed),
    [true, false, false],
    'uid 1002 keeps its 2 newest',
  );
  assert.equal(b.socket.destroyed, false, 'uid 1001 untouched');
  budget.answered(theirs[2]!);
  assert.equal((theirs[2]!.socket as unknown as FakeSocket).ended, false, 'an account connection stays after answers');
});
