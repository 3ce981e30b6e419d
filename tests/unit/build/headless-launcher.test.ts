/**
 * postinst.sh as the headless tabula-agent package runs it (scripts/build-agent-deb.mjs): the
 * launcher runs the CLI with the given Node, and no app user unit or autostart helper is installed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildDir } from './paths.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../main/cli.js', import.meta.url));

test('headless postinst: the launcher runs the CLI on the given Node; no app unit', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-headless-'));
  try {
    const root = join(dir, 'root');
    const stub = join(dir, 'stub');
    await writeFile(stub, '#!/bin/sh\nexit 0\n');
    await chmod(stub, 0o755);
    const env = {
      ...process.env,
      DESTDIR: root,
      SYSTEMCTL: stub,
      PAM_AUTH_UPDATE: stub,
      TABULA_RUNTIME: process.execPath,
      TABULA_CLI: cli,
      TABULA_APP: 'no',
    };
    await run('bash', [join(buildDir, 'linux', 'postinst.sh'), 'configure'], { env });
    const launcher = join(root, 'usr/lib/tabula/tabula');
    assert.equal((await stat(launcher)).mode & 0o777, 0o755);
    assert.ok((await readFile(launcher, 'utf8')).includes(`exec '${process.execPath}' '${cli}' "$@"`));
    const { stdout } = await run(launcher, ['--version']);
    const version = (
      JSON.parse(await readFile(fileURLToPath(new URL('../../../../package.json', import.meta.url)), 'utf8')) as { version: string }
    ).version;
    assert.match(stdout, new RegExp(version.replace(/\./g, '\\.')));
    for (const absent of ['usr/lib/systemd/user/tabula-app.service', 'usr/lib/tabula/tabula-app-start.sh']) {
      await assert.rejects(stat(join(root, absent)), { code: 'ENOENT' }, absent);
    }
    await assert.rejects(
      run('bash', [join(buildDir, 'linux', 'postinst.sh'), 'configure'], { env: { ...env, TABULA_CLI: "/x/it's.js" } }),
      (error: { code?: number }) => error.code === 2,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tabula-wait-ready.sh stops waiting when the agent (MAINPID) is gone, and returns once it is ready', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-ready-'));
  try {
    const notReady = join(dir, 'not-ready');
    await writeFile(notReady, '#!/bin/sh\necho \'{"agent":"not-running","ready":false}\'\nexit 1\n');
    const ready = join(dir, 'ready');
    await writeFile(ready, '#!/bin/sh\necho \'{"agent":"running","ready":true}\'\n');
    await chmod(notReady, 0o755);
    await chmod(ready, 0o755);
    const script = join(buildDir, 'linux', 'tabula-wait-ready.sh');
    await run('sh', [script, ready], { timeout: 10_000 });
    // A pid that cannot exist (above pid_max): the agent died while starting.
    await assert.rejects(
      run('sh', [script, notReady], { env: { ...process.env, MAINPID: '4194305' }, timeout: 10_000 }),
      (error: { code?: number }) => error.code === 1,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
