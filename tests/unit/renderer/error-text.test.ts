/** Failures shown to staff: the page's own text, else the code's meaning and action from protocol/error-help.ts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withHelp } from '../../../main/app/app-service.js';
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { errorText } from '../../../renderer/format.js';
import { STAFF_STRINGS } from '../../../renderer/i18n-staff.js';

test('a failure the app answers carries the help of its code; a success and an unknown code are left as they are', () => {
  assert.deepEqual(withHelp({ ok: false, code: 'E_BUSY' }), { ok: false, code: 'E_BUSY', help: ERROR_HELP.E_BUSY });
  assert.deepEqual(withHelp({ ok: true, rows: [] }), { ok: true, rows: [] });
  assert.deepEqual(withHelp({ ok: false, code: 'E_NOT_A_CODE' }), { ok: false, code: 'E_NOT_A_CODE' });
});

test('the staff window: its own text first, then the help in English, else the generic line with the code', () => {
  assert.equal(errorText('E_FORBIDDEN', 'en', ERROR_HELP.E_FORBIDDEN), STAFF_STRINGS.en.errors.E_FORBIDDEN);
  const busy = errorText('E_BUSY', 'en', ERROR_HELP.E_BUSY);
  assert.ok(busy.includes(ERROR_HELP.E_BUSY.meaning) && busy.includes(ERROR_HELP.E_BUSY.action) && busy.includes('E_BUSY'), busy);
  assert.equal(errorText('E_BUSY', 'es', ERROR_HELP.E_BUSY), STAFF_STRINGS.es.errorOther('E_BUSY'));
  assert.equal(errorText('E_BUSY', 'en'), STAFF_STRINGS.en.errorOther('E_BUSY'));
});
