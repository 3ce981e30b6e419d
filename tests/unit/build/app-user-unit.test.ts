/**
 * The app comes back when a patron kills it: build/linux/tabula-app.service (a systemd user unit,
 * `systemd-analyze --user verify` clean) and tabula-app-start.sh, which the XDG autostart entry
 * runs: the user unit when a user manager answers, the app directly when none does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { needProgram } from '../../support/programs.js';
import { buildDir } from './paths.js';

const run = promisify(execFile);
const unitPath = join(buildDir, 'linux', 'tabula-app.service');
const startScript = join(buildDir, 'linux', 'tabula-app-start.sh');

function setting(unit: string, section: string, key: string): string[] {
  const values: string[] = [];
  let current = '';
  for (const line of unit.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line.trim());
    if (header?.[1]) current = header[1];
    const kv = /^(\w+)=(.*)$/.exec(line.trim());
    if (current === section && kv?.[1] === key) values.push(kv[2] ?? '');
  }
  return values;
}

test('systemd-analyze --user verify: no complaint about the app unit', async (t) => {
  const analyze = needProgram(t, 'systemd-analyze');
  if (!analyze) return;
  const dir = await mkdtemp(join(tmpdir(), 'tabula-user-unit-'));
  try {
    const unit = await readFile(unitPath, 'utf8');
    // verify checks that ExecStart's binary exists; /opt/Tabula is only there once installed.
    const local = unit.replace(/^ExecStart=\/opt\/Tabula\/tabula$/m, `ExecStart=${process.execPath}`);
    assert.notEqual(local, unit);
    const copy = join(dir, 'tabula-app.service');
    await writeFile(copy, local);
    const runtime = join(dir, 'run');
    await run('mkdir', ['-m', '700', runtime]);
    const { stdout, stderr } = await run(analyze, ['--user', 'verify', copy], {
      env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning', XDG_RUNTIME_DIR: runtime },
    });
    assert.deepEqual(
      `${stdout}${stderr}`.split('\n').filter((l) => l.includes('tabula-app.service')),
      [],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the unit restarts the app whatever its exit, never gives up, and ends with the graphical session', async () => {
  const unit = await readFile(unitPath, 'utf8');
  assert.deepEqual(setting(unit, 'Service', 'Restart'), ['always']);
  assert.deepEqual(setting(unit, 'Unit', 'StartLimitIntervalSec'), ['0']);
  assert.deepEqual(setting(unit, 'Unit', 'PartOf'), ['graphical-session.target']);
  assert.deepEqual(setting(unit, 'Service', 'ExecStart'), ['/opt/Tabula/tabula']);
  assert.deepEqual(setting(unit, 'Service', 'User'), [], 'a user unit runs as the session user');
});

describe('tabula-app-start.sh', () => {
  let dir = '';
  let log = '';
  let app = '';
  const systemctl = async (answers: 'user-manager' | 'none' | 'start-fails') => {
    const path = join(dir, `systemctl-${answers}`);
    const body = {
      'user-manager': 'exit 0',
      none: '[ "$2" = show-environment ] && exit 1; exit 0',
      'start-fails': '[ "$2" = start ] && exit 5; exit 0',
    }[answers];
    await writeFile(path, `#!/bin/sh\necho "systemctl $*" >> "${log}"\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };
  const start = async (answers: 'user-manager' | 'none' | 'start-fails') => {
    await writeFile(log, '');
    await run('sh', [startScript], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SYSTEMCTL: await systemctl(answers), TABULA_APP: app },
    });
    return (await readFile(log, 'utf8')).trim().split('\n');
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-app-start-'));
    log = join(dir, 'calls.log');
    app = join(dir, 'fake-app');
    await writeFile(app, `#!/bin/sh\necho "app $*" >> "${log}"\n`);
    await chmod(app, 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('with a user manager: imports the display and starts the user unit; the app is not run twice', async () => {
    const calls = await start('user-manager');
    assert.equal(calls[0], 'systemctl --user show-environment');
    assert.match(calls[1] ?? '', /^systemctl --user import-environment DISPLAY WAYLAND_DISPLAY XAUTHORITY /);
    assert.equal(calls[2], 'systemctl --user start tabula-app.service');
    assert.equal(calls.length, 3);
  });

  test('without a user manager, or when the unit cannot start: the app is started directly', async () => {
    assert.deepEqual(await start('none'), ['systemctl --user show-environment', 'app']);
    const calls = await start('start-fails');
    assert.equal(calls.at(-2), 'systemctl --user start tabula-app.service');
    assert.equal(calls.at(-1), 'app');
  });
});
