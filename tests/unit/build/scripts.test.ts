/** Shell scripts under build/: syntax (bash -n, shellcheck); the Linux install scripts and PAM hook run in a temp root. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { needProgram } from '../../support/programs.js';
import { buildDir } from './paths.js';

const run = promisify(execFile);

async function shellScripts(): Promise<string[]> {
  const found: string[] = [];
  for (const os of ['linux', 'macos', 'windows']) {
    for (const name of await readdir(join(buildDir, os))) if (name.endsWith('.sh')) found.push(join(buildDir, os, name));
  }
  return found;
}

test('every shell script parses (bash -n)', async () => {
  const scripts = await shellScripts();
  assert.ok(scripts.length >= 4);
  for (const script of scripts) await run('bash', ['-n', script]);
});

test('every shell script passes shellcheck', async (t) => {
  const shellcheck = needProgram(t, 'shellcheck');
  if (!shellcheck) return;
  for (const script of await shellScripts()) {
    await run(shellcheck, ['--severity=style', script]).catch((error: { stdout?: string }) => {
      assert.fail(`shellcheck ${script}:\n${error.stdout ?? String(error)}`);
    });
  }
});

describe('Linux postinst / prerm in a temp root', () => {
  let dir = '';
  let root = '';
  let log = '';
  let env: NodeJS.ProcessEnv = {};
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-pkg-'));
    root = join(dir, 'root');
    log = join(dir, 'calls.log');
    const stub = async (name: string) => {
      const path = join(dir, name);
      await writeFile(path, `#!/bin/sh\necho "${name} $*" >> "${log}"\n`);
      await chmod(path, 0o755);
      return path;
    };
    env = { ...process.env, DESTDIR: root, SYSTEMCTL: await stub('systemctl'), PAM_AUTH_UPDATE: await stub('pam-auth-update') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('postinst installs unit, hook and PAM profile, enables them; twice is the same as once', async () => {
    for (let k = 0; k < 2; k++) await run('bash', [join(buildDir, 'linux', 'postinst.sh'), 'configure'], { env });
    const unit = join(root, 'etc/systemd/system/tabula-agent.service');
    assert.equal(await readFile(unit, 'utf8'), await readFile(join(buildDir, 'linux', 'tabula-agent.service'), 'utf8'));
    assert.equal((await stat(join(root, 'usr/lib/tabula/tabula-pam-hook.sh'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(root, 'usr/lib/tabula/tabula-app-start.sh'))).mode & 0o777, 0o755);
    const userUnit = join(root, 'usr/lib/systemd/user/tabula-app.service');
    assert.equal(await readFile(userUnit, 'utf8'), await readFile(join(buildDir, 'linux', 'tabula-app.service'), 'utf8'));
    assert.equal((await stat(join(root, 'usr/share/pam-configs/tabula'))).mode & 0o777, 0o644);
    assert.equal((await stat(join(root, 'var/lib/tabula'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(root, 'etc/tabula'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(root, 'usr/lib/tabula/tabula-wait-ready.sh'))).mode & 0o777, 0o755);
    // The launcher: by default the Electron binary as Node on the unpacked CLI.
    const launcher = await readFile(join(root, 'usr/lib/tabula/tabula'), 'utf8');
    assert.match(launcher, /^exec '\/opt\/Tabula\/tabula' '\/opt\/Tabula\/resources\/app\.asar\.unpacked\/dist\/main\/cli\.js' "\$@"$/m);
    assert.match(launcher, /^export ELECTRON_RUN_AS_NODE$/m);
    const calls = (await readFile(log, 'utf8')).trim().split('\n');
    assert.deepEqual(calls, [
      'pam-auth-update --package --enable tabula',
      `systemctl --root=${root} enable tabula-agent.service`,
      'pam-auth-update --package --enable tabula',
      `systemctl --root=${root} enable tabula-agent.service`,
    ]);
  });

  test('prerm upgrade keeps everything; prerm remove takes it all away but the journal', async () => {
    await writeFile(log, '');
    await run('bash', [join(buildDir, 'linux', 'prerm.sh'), 'upgrade'], { env });
    await stat(join(root, 'etc/systemd/system/tabula-agent.service'));
    assert.equal(await readFile(log, 'utf8'), '');
    await run('bash', [join(buildDir, 'linux', 'prerm.sh'), 'remove'], { env });
    for (const gone of [
      'etc/systemd/system/tabula-agent.service',
      'usr/lib/systemd/user/tabula-app.service',
      'usr/lib/tabula',
      'usr/share/pam-configs/tabula',
    ]) {
      await assert.rejects(stat(join(root, gone)), { code: 'ENOENT' }, gone);
    }
    await stat(join(root, 'var/lib/tabula'));
    assert.deepEqual((await readFile(log, 'utf8')).trim().split('\n'), [
      `systemctl --root=${root} disable tabula-agent.service`,
      'pam-auth-update --package --remove tabula',
    ]);
  });
});

describe('PAM hook (pam_exec environment)', () => {
  let dir = '';
  let fakeCli = '';
  let argvLog = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-pam-'));
    argvLog = join(dir, 'argv');
    fakeCli = join(dir, 'fake-tabula');
    await writeFile(fakeCli, `#!/bin/sh\nprintf '%s|' "$@" >> "${argvLog}"\necho >> "${argvLog}"\nexit 3\n`);
    await chmod(fakeCli, 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const hook = (env: Record<string, string>) =>
    run('sh', [join(buildDir, 'linux', 'tabula-pam-hook.sh'), fakeCli], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });

  test('close_session → session end, open_session → session start; exit 0 and silent even when the CLI fails', async () => {
    const closed = await hook({ PAM_TYPE: 'close_session', PAM_USER: 'patron1', PAM_SERVICE: 'lightdm' });
    assert.deepEqual([closed.stdout, closed.stderr], ['', '']);
    await hook({ PAM_TYPE: 'open_session', PAM_USER: 'patron1' });
    assert.deepEqual((await readFile(argvLog, 'utf8')).trim().split('\n'), [
      'session|end|--account|patron1|',
      'session|start|--account|patron1|',
    ]);
  });

  test('other PAM types and odd user names do nothing', async () => {
    await writeFile(argvLog, '');
    await hook({ PAM_TYPE: 'auth', PAM_USER: 'patron1' });
    await hook({ PAM_TYPE: 'close_session', PAM_USER: '--all' });
    await hook({ PAM_TYPE: 'close_session', PAM_USER: 'two words' });
    await hook({ PAM_TYPE: 'close_session', PAM_USER: '' });
    await hook({ PAM_TYPE: 'close_session' });
    assert.equal(await readFile(argvLog, 'utf8'), '');
  });
});
