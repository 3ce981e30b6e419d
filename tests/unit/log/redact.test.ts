import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactFields } from '../../../main/agent/log/redact.js';

test('ids, categories, codes and numbers pass', () => {
  const out = redactFields({ target: 'chrome', category: 'site-data', code: 'E_PERM', items: 12, ok: true, ms: 3.5 });
  assert.deepEqual(out, { target: 'chrome', category: 'site-data', code: 'E_PERM', items: 12, ok: true, ms: 3.5 });
});

test('paths, URLs, file names with spaces, usernames with @ and traversal are redacted', () => {
  const values = [
    '/home/patron/Downloads/x.pdf',
    'C:\\Users\\patron',
    'https://example.org/a?q=1',
    'my tax return.pdf',
    'patron@example.org',
    '../etc',
    'a'.repeat(65),
  ];
  for (const value of values) {
    assert.equal(redactFields({ v: value }).v, REDACTED, value);
  }
});

test('nested objects and arrays are redacted too, and unsafe keys are replaced', () => {
  const out = redactFields({ nested: { deeper: ['ok', '/home/x'] }, '/home/x': 1 });
  assert.deepEqual(out, { nested: { deeper: ['ok', REDACTED] }, [REDACTED]: 1 });
});
