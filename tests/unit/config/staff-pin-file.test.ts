/** The staff PIN hash's file: the readability warning, and the Windows ACL step of set-pin. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadLayeredConfig } from '../../../main/agent/config/load.js';
import { pinHashWarning, writeStaffPinHash } from '../../../main/agent/config/staff-pin-file.js';
import type { CommandRunner } from '../../../main/agent/base/run-command.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';

const HASH = hashPin('2468');

function configFile(t: TestContext, value: object, mode: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-pin-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(value));
  chmodSync(file, mode);
  return file;
}

const noPolicy = async () => undefined;

test('a PIN hash in a file other users can read is a warning with the fix; owner-only is fine', async (t) => {
  const shared = configFile(t, { staffPinHash: HASH }, 0o644);
  const loaded = await loadLayeredConfig({ file: shared, platform: 'linux', policy: noPolicy });
  assert.equal(
    pinHashWarning(loaded, 'linux'),
    `${shared}: /staffPinHash: the file is readable by other users, who could then guess the PIN offline; run: chmod 600 '${shared}'`,
  );
  chmodSync(shared, 0o640);
  assert.match(pinHashWarning(loaded, 'darwin') ?? '', /readable by other users/, 'group-readable counts too');
  chmodSync(shared, 0o600);
  assert.equal(pinHashWarning(loaded, 'linux'), undefined);
  const noPin = configFile(t, { accounts: [] }, 0o644);
  assert.equal(
    pinHashWarning(await loadLayeredConfig({ file: noPin, platform: 'linux', policy: noPolicy }), 'linux'),
    undefined,
    'no PIN, nothing to guess',
  );
});

test('a PIN hash from an OS policy is a warning: policies are readable by every user', async (t) => {
  const file = configFile(t, { accounts: [] }, 0o600);
  const policy = async () => ({ source: 'HKLM\\Software\\Policies\\Tabula', value: { staffPinHash: HASH } });
  const loaded = await loadLayeredConfig({ file, platform: 'win32', policy });
  assert.equal(
    pinHashWarning(loaded, 'win32'),
    'HKLM\\Software\\Policies\\Tabula: /staffPinHash: the OS policy is readable by every user, who could then guess the PIN offline; set it with `tabula staff set-pin` in the machine file instead',
  );
  const inFile = await loadLayeredConfig({ file: configFile(t, { staffPinHash: HASH }, 0o644), platform: 'win32', policy: noPolicy });
  assert.equal(pinHashWarning(inFile, 'win32'), undefined, 'on Windows the file ACL is set by set-pin and the installer, not by mode bits');
});

test('on Windows set-pin limits the file to SYSTEM and Administrators, and says how when icacls fails', async (t) => {
  const file = configFile(t, { accounts: [] }, 0o600);
  const calls: Array<readonly string[]> = [];
  const ok: CommandRunner = async (cmd, args) => {
    calls.push([cmd, ...args]);
    return { code: 0, stdout: '', stderr: '' };
  };
  await writeStaffPinHash(file, HASH, 'win32', ok);
  assert.deepEqual(calls, [['icacls.exe', file, '/inheritance:r', '/grant:r', '*S-1-5-18:F', '*S-1-5-32-544:F']]);
  const failing: CommandRunner = async () => ({ code: 5, stdout: '', stderr: 'Access is denied.' });
  await assert.rejects(
    writeStaffPinHash(file, HASH, 'win32', failing),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems[0] ===
        `${file}: the PIN was set, but its access could not be limited to SYSTEM and Administrators (icacls exit 5); run: icacls "${file}" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F`,
  );
  const none: CommandRunner = async () => {
    throw new Error('no icacls on Linux');
  };
  await writeStaffPinHash(file, HASH, 'linux', none);
  assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { staffPinHash: string }).staffPinHash, HASH);
});
