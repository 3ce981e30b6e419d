import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_CHANNELS } from '../../../protocol/app-api.js';
import { ARG_SCHEMAS, checkSender, decide, ROLE_METHODS, type SenderInfo } from '../../../main/app/ipc-policy.js';

const staff: SenderInfo = { windowRole: 'staff', frameUrl: 'app://tabula/staff.html', isMainFrame: true };

test('every method has an argument schema and a channel', () => {
  assert.deepEqual(Object.keys(ARG_SCHEMAS).sort(), Object.keys(APP_CHANNELS).sort());
});

test('sender: our window, top frame, its own app:// page — nothing else', () => {
  assert.deepEqual(checkSender(staff), { ok: true, role: 'staff' });
  assert.deepEqual(checkSender({ ...staff, frameUrl: 'app://tabula/staff.html#x' }), { ok: true, role: 'staff' });
  const refused = [
    { ...staff, windowRole: undefined },
    { ...staff, isMainFrame: false },
    { ...staff, frameUrl: null },
    { ...staff, frameUrl: 'not a url' },
    { ...staff, frameUrl: 'file:///opt/Tabula/renderer/staff.html' },
    { ...staff, frameUrl: 'https://tabula/staff.html' },
    { ...staff, frameUrl: 'app://evil/staff.html' },
    { ...staff, frameUrl: 'app://tabula/notice.html' },
    { windowRole: 'notice', frameUrl: 'app://tabula/staff.html', isMainFrame: true },
  ] as SenderInfo[];
  for (const s of refused) assert.deepEqual(checkSender(s), { ok: false, code: 'E_FORBIDDEN' }, JSON.stringify(s));
});

test('decide: channel, role and arguments', () => {
  assert.deepEqual(decide(APP_CHANNELS.wipeNow, [], staff), { ok: true, method: 'wipeNow', role: 'staff' });
  assert.deepEqual(decide(APP_CHANNELS.unlock, ['1234'], staff), { ok: true, method: 'unlock', role: 'staff' });
  assert.deepEqual(decide('tabula:nope', [], staff), { ok: false, code: 'E_FORBIDDEN' });
  assert.deepEqual(decide(APP_CHANNELS.unlock, [], staff), { ok: false, code: 'E_BAD_REQUEST' });
  assert.deepEqual(decide(APP_CHANNELS.unlock, [1234], staff), { ok: false, code: 'E_BAD_REQUEST' });
  assert.deepEqual(decide(APP_CHANNELS.unlock, ['x'.repeat(65)], staff), { ok: false, code: 'E_BAD_REQUEST' });
  assert.deepEqual(decide(APP_CHANNELS.unlock, ['1234', 'extra'], staff), { ok: false, code: 'E_BAD_REQUEST' });
  assert.deepEqual(decide(APP_CHANNELS.wipeNow, [{ home: '/' }], staff), { ok: false, code: 'E_BAD_REQUEST' });
  assert.deepEqual(decide(APP_CHANNELS.wipeNow, 'x', staff), { ok: false, code: 'E_BAD_REQUEST' });
  const countdown: SenderInfo = { windowRole: 'countdown', frameUrl: 'app://tabula/countdown.html', isMainFrame: true };
  assert.deepEqual(decide(APP_CHANNELS.activity, [], countdown), { ok: true, method: 'activity', role: 'countdown' });
  for (const m of ['wipeNow', 'unlock', 'preview', 'endSessionAndWipe', 'lastResults'] as const) {
    assert.deepEqual(decide(APP_CHANNELS[m], m === 'unlock' ? ['1234'] : [], countdown), { ok: false, code: 'E_FORBIDDEN' });
  }
  assert.ok(!ROLE_METHODS.notice.includes('wipeNow'));
});
