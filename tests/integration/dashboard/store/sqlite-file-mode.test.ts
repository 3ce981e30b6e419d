/** The SQLite file holds the cookie secret and password hashes: made 0600 (with -wal and -shm), and one others can read is refused by name. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../../../dashboard/server/store/sqlite-store.js';
import { StoreFileError } from '../../../../dashboard/server/store/sqlite-db.js';
import { removeTree, tempDir } from '../../../support/tree.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dashboard/cli.js');
const mode = (f: string) => statSync(f).mode & 0o777;

test('a new database and its -wal/-shm files are 0600, whatever the umask', async () => {
  const dir = tempDir('tabula-dash-mode-');
  const old = process.umask(0o022);
  try {
    const file = path.join(dir, 'dashboard.sqlite');
    const store = new SqliteStore(file);
    await store.migrate();
    await store.secret('cookie-secret', () => 'x'.repeat(43));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      assert.ok(existsSync(f), f);
      assert.equal(mode(f), 0o600, `${path.basename(f)} is 0${mode(f).toString(8)}`);
    }
    await store.close();
  } finally {
    process.umask(old);
    removeTree(dir);
  }
});

test('a database file others can read, or a link, is refused with the fix', async () => {
  const dir = tempDir('tabula-dash-mode-');
  try {
    const file = path.join(dir, 'dashboard.sqlite');
    const store = new SqliteStore(file);
    await store.migrate();
    await store.close();
    chmodSync(file, 0o644);
    assert.throws(
      () => new SqliteStore(file),
      (e: unknown) => e instanceof StoreFileError && /mode 0644/.test(e.message) && e.message.includes(`chmod 600 ${file}`),
    );
    const r = spawnSync(process.execPath, [CLI, 'serve', '--db', `sqlite:${file}`, '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /can be read or changed by other accounts .*chmod 600/);
    chmodSync(file, 0o600);
    const link = path.join(dir, 'link.sqlite');
    symlinkSync(file, link);
    assert.throws(() => new SqliteStore(link), StoreFileError);
    writeFileSync(`${file}-wal`, '', { mode: 0o666 });
    chmodSync(`${file}-wal`, 0o666);
    assert.throws(() => new SqliteStore(file), /dashboard\.sqlite-wal can be read/);
  } finally {
    removeTree(dir);
  }
});
