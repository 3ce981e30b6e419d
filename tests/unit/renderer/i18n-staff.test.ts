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
    return Object.keys(value)
      .sort()
      .flatMap((k) => shape((value as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
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

test('counts agree with their word: 1 item / 1 elemento, 1 second / 1 segundo, 2 and more plural', () => {
  const { en, es } = STAFF_STRINGS;
  assert.equal(en.resultSummary('1', '10 B', '0.1'), '1 item (10 B) erased in 0.1 s.');
  assert.equal(en.resultSummary('2', '10 B', '0.1'), '2 items (10 B) erased in 0.1 s.');
  assert.equal(en.problems('1'), '1 item could not be erased: see the log.');
  assert.equal(en.problems('3'), '3 items could not be erased: see the log.');
  assert.equal(en.lastWipe('clean', '1'), 'Last wipe: clean, 1 item.');
  assert.equal(en.previewSummary('1', '1 B'), 'A wipe now would erase 1 item (1 B).');
  assert.equal(en.progressCount('0', '1'), ': 0 of 1 item');
  assert.equal(es.resultSummary('1', '10 B', '0,1'), '1 elemento (10 B) borrado en 0,1 s.');
  assert.equal(es.resultSummary('4', '10 B', '0,1'), '4 elementos (10 B) borrados en 0,1 s.');
  assert.equal(es.problems('1'), 'No se pudo borrar 1 elemento: consulte el registro.');
  assert.equal(es.problems('2'), 'No se pudieron borrar 2 elementos: consulte el registro.');
  assert.equal(es.lastWipe('limpio', '1'), 'Último borrado: limpio, 1 elemento.');
  assert.match(STRINGS.en.countdownLead(1), /ends in 1 second because/);
  assert.match(STRINGS.en.countdownAnnounce(2), /ends in 2 seconds\./);
  assert.match(STRINGS.es.countdownLead(1), /termina en 1 segundo porque/);
  assert.match(STRINGS.en.when(1)[1]!, /^After 1 minute without use/);
  assert.match(STRINGS.es.when(5)[1]!, /^Después de 5 minutos sin uso/);
});
