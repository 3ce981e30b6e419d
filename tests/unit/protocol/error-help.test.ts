/** One explanation per error code: meaning and action, short fixed text, nothing that looks like a path or URL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../protocol/error-codes.js';
import { ERROR_HELP, errorHelp } from '../../../protocol/error-help.js';

test('every error code is explained, and nothing else', () => {
  assert.deepEqual(Object.keys(ERROR_HELP).sort(), Object.keys(ERROR_CODES).sort());
  for (const [code, help] of Object.entries(ERROR_HELP)) {
    for (const text of [help.meaning, help.action]) {
      assert.ok(text.length > 10 && text.length <= 160, `${code}: ${text.length} characters`);
      assert.match(text, /[.]$/, `${code} ends a sentence`);
      assert.doesNotMatch(text, /https?:|\/home\/|C:\\\\Users/i, code);
    }
  }
  assert.equal(errorHelp('E_PERM')?.action, ERROR_HELP.E_PERM.action);
  assert.equal(errorHelp('E_NOPE'), null);
  assert.equal(errorHelp('toString'), null);
});
