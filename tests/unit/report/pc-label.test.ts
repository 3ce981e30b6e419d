/** The PC's name: config `pcLabel`, else the host name's first label when it fits the protocol, else none. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { EnrollRequest } from '../../../protocol/enroll.js';
import { PcLabel } from '../../../protocol/report.js';
import { hostPcLabel, pcLabelOf } from '../../../main/agent/report/pc-label.js';

test("configured label first, then the host name's first label", () => {
  assert.equal(pcLabelOf({ pcLabel: 'ASSET-0042' }, 'front-desk'), 'ASSET-0042');
  assert.equal(pcLabelOf({}, 'Front-Desk-3.library.example'), 'Front-Desk-3', 'no domain travels');
  assert.equal(pcLabelOf(undefined, 'kiosk_2'), 'kiosk_2');
  assert.equal(pcLabelOf({ pcLabel: 'not valid!' }, 'kiosk'), 'kiosk', 'an invalid label is never sent');
  assert.equal(hostPcLabel('-bad-'), undefined);
  assert.equal(hostPcLabel('x'.repeat(65)), undefined);
  assert.equal(hostPcLabel(''), undefined);
});

test('the label is narrow: no spaces, dots, slashes or more than 64 characters', () => {
  for (const ok of ['pc1', 'Central-PC-07', 'A', 'x'.repeat(64)]) assert.ok(Value.Check(PcLabel, ok), ok);
  for (const bad of ['', 'Jane Patron', 'pc.library.local', '/home/patron', 'x'.repeat(65), 'pc-', 'é-pc']) {
    assert.equal(Value.Check(PcLabel, bad), false, bad);
  }
  const request = { v: 1, token: `tbe_${'a'.repeat(43)}`, agentVersion: '0.1.0', platform: 'linux' };
  assert.ok(Value.Check(EnrollRequest, request), 'optional');
  assert.ok(Value.Check(EnrollRequest, { ...request, pcLabel: 'pc-3' }));
  assert.equal(Value.Check(EnrollRequest, { ...request, pcLabel: 'pc 3' }), false);
});
