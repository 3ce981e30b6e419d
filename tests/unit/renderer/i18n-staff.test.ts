/** The staff window's language tables: English and Spanish have exactly the same keys, and staff.html uses them all. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PAGE_KEYS, STAFF_STRINGS } from '../../../renderer/i18n-staff.js';
import { STRINGS } from '../../../renderer/i18n.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Every key path of a table, with the kind of its value (a function's arity included). */
function shape(value: unknown, at = ''): string[] {
  if (typeof value === 'function') return [`${at}: function/${value.length}`];
  if (Array.isArray(value)) return [`${at}: array/${value.length}`];
  if (value && typeof value === 'object') {
    return Object.keys(value).sort().flatMap((k) => shape((value as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
  }
  return [`${at}: ${typeof value}`];
}

test('the staff tables: English and Spanish have exactly the same keys, nested, with the same arities', () => {
  const en = shape(STAFF_STRINGS.en);
  assert.ok(en.length > 50, `the English staff table has its keys (${en.length})`);
  assert.deepEqual(shape(STAFF_STRINGS.es), en);
  assert.deepEqual(Object.keys(STAFF_STRINGS).sort(), ['en', 'es']);
});

test('the patron tables: English and Spanish have exactly the same keys', () => {
  assert.deepEqual(shape(STRINGS.es), shape(STRINGS.en));
});

test('no staff text is empty, and the Spanish page texts are translated', () => {
  for (const lang of ['en', 'es'] as const) {
    for (const key of PAGE_KEYS) assert.ok(STAFF_STRINGS[lang].page[key].trim().length > 0, `${lang}.page.${key}`);
  }
  const same = PAGE_KEYS.filter((k) => STAFF_STRINGS.es.page[k] === STAFF_STRINGS.en.page[k]);
  assert.deepEqual(same, [], 'every Spanish page text differs from the English one');
});

test('staff.html marks its fixed texts with exactly the keys of the table', () => {
  const html = readFileSync(path.join(REPO, 'renderer', 'staff.html'), 'utf8');
  const used = new Set([...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!));
  assert.deepEqual([...used].sort(), [...PAGE_KEYS].sort());
});
