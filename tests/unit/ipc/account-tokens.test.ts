/** Account tokens: the files' owner and mode, renewal, and the app reading the same path the agent writes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccountTokens, accountTokenFile } from '../../../main/agent/ipc/account-tokens.js';
import { accountTokenFile as appTokenFile } from '../../../main/app/agent-address.js';
import { readAccountToken } from '../../../main/app/agent-client.js';

const uid = process.getuid?.() ?? 0;

test(
  'account tokens: 0711 folder, one 0400 file per uid owned by it; a new token replaces the old one',
  { skip: process.platform === 'win32' },
  () => {
    const state = mkdtempSync(path.join(tmpdir(), 'tabula-tokens-'));
    try {
      mkdirSync(path.join(state, 'patron-tokens'));
      writeFileSync(path.join(state, 'patron-tokens', 'stale'), 'from an earlier run');
      const tokens = new AccountTokens(state);
      tokens.prepare();
      assert.deepEqual(readdirSync(path.join(state, 'patron-tokens')), [], "an earlier run's files are gone");
      assert.equal(lstatSync(path.join(state, 'patron-tokens')).mode & 0o7777, 0o711);
      assert.equal(tokens.issue(uid), true);
      const file = accountTokenFile(state, uid);
      assert.equal(appTokenFile(state, uid), file, 'the app reads where the agent writes');
      const st = lstatSync(file);
      assert.equal(st.mode & 0o7777, 0o400);
      assert.equal(st.uid, uid);
      const first = readAccountToken(file);
      assert.ok(first && first.length >= 43);
      assert.equal(tokens.uidOf(first), uid);
      assert.equal(tokens.uidOf(first.slice(1)), undefined);
      assert.equal(tokens.uidOf(undefined), undefined);
      assert.equal(tokens.issue(uid), true);
      const second = readAccountToken(file);
      assert.notEqual(second, first);
      assert.equal(tokens.uidOf(first), undefined, 'the old token no longer counts');
      assert.equal(tokens.uidOf(second), uid);
      assert.deepEqual(readdirSync(path.join(state, 'patron-tokens')), [String(uid)], 'no temporary file left');
      if (uid !== 0) assert.equal(tokens.issue(uid + 1), false, 'a non-root agent cannot give another uid a file');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  },
);

test('readAccountToken: a missing file, a link, or junk is no token', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-tokens-'));
  try {
    assert.equal(readAccountToken(path.join(dir, 'none')), undefined);
    writeFileSync(path.join(dir, 'junk'), 'not a token!\n');
    assert.equal(readAccountToken(path.join(dir, 'junk')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
