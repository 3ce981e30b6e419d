/** The dashboard link that `status` reports, from the enrollment and delivery files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeCredential } from '../../../main/agent/report/credential.js';
import { dashboardLink } from '../../../main/agent/report/link.js';
import { updateStatus } from '../../../main/agent/report/status.js';
import { removeTree, tempDir } from '../../support/tree.js';

test('not enrolled → nothing sent yet → not reachable → connected', (t) => {
  const state = tempDir('tabula-link-');
  t.after(() => removeTree(state));
  assert.equal(dashboardLink(state), 'not-enrolled');
  writeCredential(state, {
    v: 1,
    dashboard: 'https://dash.example',
    deviceId: `dev_${'a'.repeat(32)}`,
    siteId: 'north',
    credential: `tbd_${'b'.repeat(43)}`,
    enrolledAt: '2026-11-28T10:00:00Z',
  });
  assert.equal(dashboardLink(state), 'unknown');
  updateStatus(state, (s) => {
    s.failedAttempts = 2;
    s.lastErrorCode = 'E_DASHBOARD_UNREACHABLE';
  });
  assert.equal(dashboardLink(state), 'disconnected');
  updateStatus(state, (s) => {
    s.failedAttempts = 0;
    s.lastDeliveryAt = '2026-11-28T10:05:00.000Z';
  });
  assert.equal(dashboardLink(state), 'connected');
});
