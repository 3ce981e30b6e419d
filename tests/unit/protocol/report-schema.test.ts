/**
 * The report schema: report.schema.json is what the TypeBox schema generates, its examples
 * validate, and — privacy by construction — every object is closed and every string is an enum
 * member or matches a pattern, so a free-text value is rejected wherever it is put.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { EnrollRequest, EnrollResponse } from '../../../protocol/enroll.js';
import { REPORT_BATCH_EXAMPLES } from '../../../protocol/report-examples.js';
import { reportJsonSchemaText } from '../../../protocol/report-json-schema.js';
import { durationBucket, ReportBatch } from '../../../protocol/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const FILE = path.join(ROOT, 'protocol/report.schema.json');

type Node = Record<string, unknown>;

/** Every string node: its JSON pointer, and whether it is bounded by const/enum/pattern. */
function walk(node: unknown, at: string, visit: (n: Node, at: string) => void): void {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`, visit));
  if (node === null || typeof node !== 'object') return;
  visit(node as Node, at);
  for (const [k, v] of Object.entries(node)) if (k !== 'examples') walk(v, `${at}/${k}`, visit);
}

test('report.schema.json is generated from the TypeBox schema', () => {
  assert.equal(
    readFileSync(FILE, 'utf8'),
    reportJsonSchemaText(),
    'run: npx tsc -p tsconfig.json && node scripts/generate-report-schema.mjs',
  );
});

test('the examples in report.schema.json validate', () => {
  const json = JSON.parse(readFileSync(FILE, 'utf8')) as { examples: unknown[] };
  assert.ok(json.examples.length >= 1);
  for (const example of [...json.examples, ...REPORT_BATCH_EXAMPLES]) {
    assert.deepEqual(
      [...Value.Errors(ReportBatch, example)].map((e) => e.path),
      [],
    );
  }
});

test('no free-text field: objects closed, strings bounded by enum or pattern', () => {
  for (const schema of [ReportBatch, EnrollRequest, EnrollResponse]) {
    const json = JSON.parse(JSON.stringify(schema)) as Node;
    walk(json, '', (n, at) => {
      if (n.type === 'object') assert.equal(n.additionalProperties, false, `${at} is not closed`);
      if (n.type === 'string') assert.ok(typeof n.pattern === 'string' || 'const' in n || Array.isArray(n.enum), `${at} is free text`);
      if (typeof n.pattern === 'string') {
        assert.ok(n.pattern.startsWith('^') && n.pattern.endsWith('$'), `${at}: pattern not anchored`);
        assert.ok(!/\.\*|\.\+|\\S|\\w\*/.test(n.pattern), `${at}: pattern too open`);
      }
    });
  }
});

test('a free-text value is rejected wherever it is put', () => {
  const free = [
    'C:\\Users\\patron\\Downloads\\letter.pdf',
    '/home/patron/.mozilla',
    'https://example.org/?q=x',
    'Jane Patron',
    'pc-12.library.local',
  ];
  const base = structuredClone(REPORT_BATCH_EXAMPLES[0]!);
  const stringPaths: string[][] = [];
  const find = (value: unknown, p: string[]) => {
    if (typeof value === 'string') stringPaths.push(p);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) find(v, [...p, k]);
  };
  find(base, []);
  assert.ok(stringPaths.length >= 10);
  for (const p of stringPaths) {
    for (const text of free) {
      const copy = structuredClone(base) as unknown as Record<string, unknown>;
      let parent = copy as Record<string, unknown>;
      for (const k of p.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
      parent[p.at(-1)!] = text;
      assert.equal(Value.Check(ReportBatch, copy), false, `${p.join('.')} accepted ${JSON.stringify(text)}`);
    }
  }
  for (const extra of [{ user: 'patron' }, { path: '/home/patron' }]) {
    assert.equal(Value.Check(ReportBatch, { ...base, ...extra }), false);
    assert.equal(Value.Check(ReportBatch, { ...base, reports: [{ ...base.reports[0], ...extra }] }), false);
    assert.equal(
      Value.Check(ReportBatch, { ...base, reports: [{ ...base.reports[0], categories: { cache: { items: 1, bytes: 1, ...extra } } }] }),
      false,
    );
  }
});

test('hour buckets are whole hours; durations are buckets', () => {
  const with_ = (hour: string) => ({ ...REPORT_BATCH_EXAMPLES[0]!, reports: [{ ...REPORT_BATCH_EXAMPLES[0]!.reports[0]!, hour }] });
  assert.ok(Value.Check(ReportBatch, with_('2025-12-31T23:00:00Z')));
  for (const bad of [
    '2025-12-31T23:30:00Z',
    '2025-12-31T23:00:00.000Z',
    '2025-12-31T23:00:00+01:00',
    '2025-12-31',
    '2025-13-01T00:00:00Z',
  ]) {
    assert.equal(Value.Check(ReportBatch, with_(bad)), false, bad);
  }
  assert.equal(durationBucket(0), 'le100');
  assert.equal(durationBucket(100), 'le100');
  assert.equal(durationBucket(101), 'le250');
  assert.equal(durationBucket(300_001), 'inf');
});
