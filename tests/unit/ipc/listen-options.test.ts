/** Who may open each endpoint: the patron pipe is open to everyone, the privileged one keeps the default DACL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';
import { listenOptionsFor } from '../../../main/agent/ipc/listen-options.js';

test('patron: readableAll + writableAll; privileged: the path alone (default DACL: SYSTEM and Administrators)', () => {
  const win = ipcAddresses('C:\\ProgramData\\Tabula\\state', 'win32');
  assert.deepEqual(listenOptionsFor('patron', win.patron), { path: win.patron, readableAll: true, writableAll: true });
  assert.deepEqual(listenOptionsFor('privileged', win.privileged), { path: win.privileged });
  const privileged = listenOptionsFor('privileged', win.privileged);
  assert.equal('readableAll' in privileged || 'writableAll' in privileged, false, 'no flag widens the privileged pipe');
});

test('Node applies the patron flags to a real socket (Unix: the mode opens up for everyone)', async (t) => {
  if (process.platform === 'win32') {
    t.skip('Unix sockets only');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-listen-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const modeOf = async (endpoint: 'patron' | 'privileged') => {
    const file = path.join(dir, `${endpoint}.sock`);
    const server = createServer();
    const old = process.umask(0o077);
    try {
      await new Promise<void>((resolve) => server.listen(listenOptionsFor(endpoint, file), resolve));
    } finally {
      process.umask(old);
    }
    const mode = statSync(file).mode & 0o777;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return mode;
  };
  assert.equal((await modeOf('patron')) & 0o066, 0o066, 'read and write for group and others despite the umask');
  assert.equal((await modeOf('privileged')) & 0o066, 0, 'the umask alone: nothing for group or others');
});
