/** build/linux/tabula-agent.service: `systemd-analyze verify` clean, and the settings the agent relies on. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { needProgram } from '../../support/programs.js';
import { buildDir } from './paths.js';

const run = promisify(execFile);
const unitPath = join(buildDir, 'linux', 'tabula-agent.service');

function settings(unit: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let section = '';
  for (const line of unit.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(trimmed);
    if (header?.[1]) {
      section = header[1];
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(trimmed);
    assert.ok(kv?.[1], `not a Key=Value line: ${trimmed}`);
    const key = `${section}.${kv[1]}`;
    map.set(key, [...(map.get(key) ?? []), kv[2] ?? '']);
  }
  return map;
}

test('systemd-analyze verify: no error and no warning (ExecStart pointed at an existing binary)', async (t) => {
  const analyze = needProgram(t, 'systemd-analyze');
  if (!analyze) return;
  const unit = await readFile(unitPath, 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'tabula-unit-'));
  try {
    // verify checks that ExecStart's binary exists; the launcher is only there once installed.
    const local = unit
      .replace(/^ExecStart=\/usr\/lib\/tabula\/tabula /m, `ExecStart=${process.execPath} `)
      .replace(/^ExecStartPost=\S+/m, `ExecStartPost=${process.execPath}`);
    assert.notEqual(local, unit);
    const copy = join(dir, 'tabula-agent.service');
    await writeFile(copy, local);
    const { stdout, stderr } = await run(analyze, ['verify', copy], { env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
    const complaints = `${stdout}${stderr}`.split('\n').filter((l) => l.includes('tabula-agent.service'));
    assert.deepEqual(complaints, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('runs the agent as root, simple, always restarted, ready only after recovery, with only what it wipes writable', async () => {
  const s = settings(await readFile(unitPath, 'utf8'));
  assert.deepEqual(s.get('Service.Type'), ['simple']);
  assert.deepEqual(s.get('Service.Restart'), ['always']);
  assert.equal(s.get('Service.User'), undefined, 'root: no User=');
  assert.deepEqual(s.get('Service.Environment'), ['ELECTRON_RUN_AS_NODE=1']);
  // The launcher postinst.sh writes (runtime: Electron as Node, or the headless package's Node).
  assert.deepEqual(s.get('Service.ExecStart'), ['/usr/lib/tabula/tabula agent --state /var/lib/tabula']);
  assert.deepEqual(s.get('Service.ExecStartPost'), ['/usr/lib/tabula/tabula-wait-ready.sh']);
  assert.deepEqual(s.get('Unit.StartLimitIntervalSec'), ['0']);
  assert.deepEqual(s.get('Service.PrivateTmp'), ['no']);
  assert.deepEqual(s.get('Service.ProtectHome'), ['no']);
  assert.deepEqual(s.get('Service.ProtectSystem'), ['strict']);
  const writable = (s.get('Service.ReadWritePaths')?.[0] ?? '').split(/\s+/).map((p) => p.replace(/^-/, ''));
  for (const dir of ['/home', '/tmp', '/var/tmp', '/dev/shm', '/var/spool/cups', '/var/log/cups', '/etc/tabula'])
    assert.ok(writable.includes(dir), dir);
  assert.deepEqual(s.get('Service.StateDirectory'), ['tabula']);
  for (const key of ['ReadOnlyPaths', 'InaccessiblePaths', 'TemporaryFileSystem', 'MemoryDenyWriteExecute', 'DynamicUser']) {
    assert.equal(s.get(`Service.${key}`), undefined, `${key} would break wiping or V8`);
  }
  const caps = (s.get('Service.CapabilityBoundingSet')?.[0] ?? '').split(/\s+/);
  for (const cap of ['CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_KILL']) assert.ok(caps.includes(cap), cap);
  assert.deepEqual(s.get('Install.WantedBy'), ['multi-user.target']);
  assert.ok(s.get('Unit.Before')?.[0]?.includes('systemd-user-sessions.service'), 'recovery wipe before logins');
});
