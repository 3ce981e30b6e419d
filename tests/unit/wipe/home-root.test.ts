/** The home-root rule (home-root.ts) and the state-directory rule (state-dir.ts), on real folders. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { homePlaceProblem, recoveryHomeProblem, resolveHomeRoot } from '../../../main/agent/wipe/plan/home-root.js';
import { checkStateDir } from '../../../main/agent/service/state-dir.js';
import { needRoot } from '../../support/skip.js';
import { removeTree, tempDir } from '../../support/tree.js';

const posix = process.platform !== 'win32';
const me = process.geteuid?.() ?? 0;
const refused = (re: RegExp) => (error: Error & { code?: string }) => error.code === 'E_ROOT_REFUSED' && re.test(error.message);
const stateError = (re: RegExp) => (error: Error & { code?: string }) => error.code === 'E_STATE' && re.test(error.message);

test('a home in trusted folders resolves to its real path; trusted links are followed', { skip: !posix }, () => {
  const base = tempDir();
  try {
    mkdirSync(path.join(base, 'homes', 'alice'), { recursive: true });
    symlinkSync(path.join(base, 'homes'), path.join(base, 'link')); // owned by the uid running the test: trusted
    assert.equal(resolveHomeRoot(path.join(base, 'homes', 'alice'), { accounts: [] }).real, path.join(base, 'homes', 'alice'));
    assert.equal(resolveHomeRoot(path.join(base, 'link', 'alice'), { accounts: [] }).real, path.join(base, 'homes', 'alice'));
    assert.equal(
      resolveHomeRoot(path.join(base, 'link', '..', 'homes', 'alice'), { accounts: [] }).real,
      path.join(base, 'homes', 'alice'),
    );
    assert.throws(
      () => resolveHomeRoot(path.join(base, 'homes', 'bob'), { accounts: [] }),
      (e: Error & { code?: string }) => e.code === 'E_ROOT_MISSING',
    );
  } finally {
    removeTree(base);
  }
});

test("a folder on the way that others can write is refused unless sticky; the home must be its account's", { skip: !posix }, () => {
  const base = tempDir();
  try {
    const parent = path.join(base, 'shared');
    mkdirSync(path.join(parent, 'alice'), { recursive: true });
    chmodSync(parent, 0o777);
    assert.throws(() => resolveHomeRoot(path.join(parent, 'alice'), { accounts: [] }), refused(/writable by group or others/));
    chmodSync(parent, 0o1777); // like /tmp: only an entry's owner may rename it
    assert.equal(resolveHomeRoot(path.join(parent, 'alice'), { accounts: [] }).real, path.join(parent, 'alice'));
    assert.throws(() => resolveHomeRoot(path.join(parent, 'alice'), { uid: me + 1, accounts: [] }), refused(/not owned by its account/));
    assert.equal(resolveHomeRoot(path.join(parent, 'alice'), { uid: me, accounts: [] }).real, path.join(parent, 'alice'));
    // The message names no path.
    try {
      resolveHomeRoot(path.join(parent, 'alice'), { uid: me + 1, accounts: [] });
    } catch (error) {
      assert.ok(!(error as Error).message.includes(base));
    }
  } finally {
    removeTree(base);
  }
});

test('a link owned by a user (a patron) is refused wherever it is', { skip: !posix }, (t) => {
  if (!needRoot(t, 'giving a link another owner')) return;
  const base = tempDir();
  try {
    mkdirSync(path.join(base, 'staff'));
    symlinkSync(path.join(base, 'staff'), path.join(base, 'guest'));
    lchownSync(path.join(base, 'guest'), 54321, 54321);
    assert.throws(() => resolveHomeRoot(path.join(base, 'guest'), { accounts: [] }), refused(/link on its path belongs to a user/));
  } finally {
    removeTree(base);
  }
});

test("a home in a system tree or inside another account's home is refused", { skip: !posix }, () => {
  const base = tempDir();
  try {
    mkdirSync(path.join(base, 'staff', 'inner'), { recursive: true });
    const accounts = [{ name: 'staff', uid: me + 7, home: path.join(base, 'staff') }];
    assert.match(homePlaceProblem('/var/mail/guest', me, []) ?? '', /system folder/);
    assert.match(homePlaceProblem('/root/.config', me, []) ?? '', /system folder/);
    assert.match(homePlaceProblem('/var/backups', me, []) ?? '', /system folder/);
    assert.match(homePlaceProblem('/var/home', me, []) ?? '', /system folder/);
    assert.equal(homePlaceProblem('/var/home/alice', me, []), undefined);
    assert.equal(homePlaceProblem('/var/tmp/guest-1', me, []), undefined);
    assert.match(homePlaceProblem(path.join(base, 'staff', 'inner'), me, accounts) ?? '', /another account's home/);
    assert.equal(homePlaceProblem(path.join(base, 'staff', 'inner'), me + 7, accounts), undefined, "inside its own owner's home");
    assert.equal(
      homePlaceProblem(path.join(base, 'staff'), me, accounts),
      undefined,
      "the account's home itself (--home names it explicitly)",
    );
    // Recovery of a stored home: never a home of an account that is not a configured patron.
    assert.match(recoveryHomeProblem(path.join(base, 'staff'), [], accounts) ?? '', /another account's home/);
    assert.match(recoveryHomeProblem(path.join(base, 'staff', 'inner'), [], accounts) ?? '', /refused|another/);
    assert.equal(recoveryHomeProblem(path.join(base, 'staff'), ['staff'], accounts), undefined);
    assert.equal(recoveryHomeProblem(path.join(base, 'gone'), [], accounts), undefined, "a missing home is the wipe's E_ROOT_MISSING");
  } finally {
    removeTree(base);
  }
});

test("the state directory must be its owner's alone, with the folders above it and the journal files", { skip: !posix }, () => {
  const base = tempDir();
  try {
    const state = path.join(base, 'state');
    assert.equal(checkStateDir(state), false, 'missing: created later by the agent');
    mkdirSync(state, { mode: 0o700 });
    assert.equal(checkStateDir(state), true);
    chmodSync(state, 0o777);
    assert.throws(() => checkStateDir(state), stateError(/state directory is writable by group or others; chmod 711/));
    chmodSync(state, 0o1777);
    assert.throws(() => checkStateDir(state), stateError(/writable by group or others/), 'no sticky exception for the state directory');
    chmodSync(state, 0o711);
    chmodSync(base, 0o777);
    assert.throws(() => checkStateDir(state), stateError(/a folder above the state directory/));
    assert.throws(
      () => checkStateDir(path.join(state, 'not-yet')),
      stateError(/a folder above/),
      'a missing state dir is judged by the folders above',
    );
    chmodSync(base, 0o700);
    writeFileSync(path.join(state, 'journal.key'), 'aa\n', { mode: 0o600 });
    assert.equal(checkStateDir(state), true);
    chmodSync(path.join(state, 'journal.key'), 0o666);
    assert.throws(() => checkStateDir(state), stateError(/journal.key is writable/));
    removeTree(path.join(state, 'journal.key'));
    symlinkSync('/etc/hostname', path.join(state, 'journal.json'));
    assert.throws(() => checkStateDir(state), stateError(/journal.json is not a regular file/));
    try {
      checkStateDir(state);
    } catch (error) {
      assert.ok(!(error as Error).message.includes(base), 'no path in the error');
    }
    assert.throws(() => checkStateDir(state, [me + 1]), stateError(/owned by another user/));
  } finally {
    removeTree(base);
  }
});
