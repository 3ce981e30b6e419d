import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonErrorPosition } from '../../../main/agent/config/json-position.js';

test('points at the first mistake by line and column', () => {
  assert.deepEqual(jsonErrorPosition('{\n  "mode": "clean",\n}'), { line: 3, column: 1 });
  assert.deepEqual(jsonErrorPosition('{"a" 1}'), { line: 1, column: 6 });
  assert.deepEqual(jsonErrorPosition('{\n  "accounts": ["patron" "guest"]\n}'), { line: 2, column: 25 });
  assert.deepEqual(jsonErrorPosition('{"a": tru}'), { line: 1, column: 10 });
  assert.deepEqual(jsonErrorPosition('{"a": 1'), { line: 1, column: 8 });
  assert.deepEqual(jsonErrorPosition('{"a": 1} x'), { line: 1, column: 10 });
  assert.deepEqual(jsonErrorPosition("{'a': 1}"), { line: 1, column: 2 });
  assert.deepEqual(jsonErrorPosition('{"a": "line\nbreak"}'), { line: 1, column: 12 });
});

test('agrees with JSON.parse on what is valid', () => {
  const samples = [
    '{}',
    '[]',
    '0',
    '-0.5e+3',
    '"\\u00e9\\n"',
    '{"a":[1,{"b":null}],"c":true,"d":false}',
    ' \n{ "x" : [ ] } \n',
    '01',
    '-',
    '1.',
    '.5',
    '[1,]',
    '{"a":1,}',
    '"\\x"',
    '"\\u12"',
    'nul',
    '',
    '   ',
    '{"a":1}}',
    '[[[',
    '1e',
    '"abc',
  ];
  for (const s of samples) {
    let valid = true;
    try {
      JSON.parse(s);
    } catch {
      valid = false;
    }
    assert.equal(jsonErrorPosition(s) === undefined, valid, JSON.stringify(s));
  }
});

test('deep nesting is an error position, not a stack overflow', () => {
  const deep = '['.repeat(100_000);
  const at = jsonErrorPosition(deep);
  assert.ok(at && at.line === 1 && at.column > 1);
});
