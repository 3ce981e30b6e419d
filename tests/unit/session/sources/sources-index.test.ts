import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourcesFor } from '../../../../main/agent/session/sources/index.js';

test('sourcesFor: logind + loginctl poll on Linux, quser on Windows, console user on macOS', () => {
  assert.deepEqual(
    sourcesFor('linux').map((s) => s.name),
    ['logind', 'loginctl-poll'],
  );
  assert.deepEqual(
    sourcesFor('linux', { poll: false }).map((s) => s.name),
    ['logind'],
  );
  assert.deepEqual(
    sourcesFor('linux', { logind: false }).map((s) => s.name),
    ['loginctl-poll'],
  );
  assert.deepEqual(
    sourcesFor('win32').map((s) => s.name),
    ['windows-sessions'],
  );
  assert.deepEqual(
    sourcesFor('darwin').map((s) => s.name),
    ['macos-console'],
  );
});
