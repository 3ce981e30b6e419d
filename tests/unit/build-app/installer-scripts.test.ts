/**
 * The app installers' scripts: shell syntax and shellcheck, electron-builder's own after-install /
 * after-remove steps kept, template macros that electron-builder can expand, the NSIS include
 * compiled by Debian's makensis, the XDG autostart entry, and the MSI hook on the real WiX template.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PENDING_TOKEN_FILE } from '../../../main/agent/report/enroll.js';
import { needProgram } from '../../support/programs.js';
import { REPO } from './electron-builder-config.test.js';

const run = promisify(execFile);
const at = (...p: string[]) => path.join(REPO, ...p);
const SCRIPTS = [
  'build/linux/after-install.sh',
  'build/linux/after-remove.sh',
  'build/installer/linux/before-remove.sh',
  'build/macos/pkg-scripts/postinstall',
  'build/macos/pkg-scripts/preinstall',
  'build/installer/unix/enroll-token.sh',
];
const TEMPLATES = at('node_modules', 'app-builder-lib', 'templates', 'linux');

test('shell scripts parse (bash -n)', async () => {
  for (const s of SCRIPTS) await run('bash', ['-n', at(s)]);
});

test('shell scripts pass shellcheck', async (t) => {
  const shellcheck = needProgram(t, 'shellcheck');
  if (!shellcheck) return;
  for (const s of SCRIPTS) {
    await run(shellcheck, ['--severity=style', at(s)]).catch((e: { stdout?: string }) => assert.fail(`${s}:\n${e.stdout ?? String(e)}`));
  }
});

test("after-install / after-remove keep electron-builder's own steps, in order", () => {
  for (const [mine, theirs] of [
    ['after-install.sh', 'after-install.tpl'],
    ['after-remove.sh', 'after-remove.tpl'],
  ]) {
    const ours = readFileSync(at('build', 'linux', mine!), 'utf8');
    const template = readFileSync(path.join(TEMPLATES, theirs!), 'utf8');
    let from = 0;
    for (const line of template.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
      const found = ours.indexOf(line, from);
      assert.ok(found >= 0, `${mine} lost the template line: ${line}`);
      from = found + line.length;
    }
  }
});

test('templates use only macros electron-builder defines (else "Macro … is not defined" at build time)', () => {
  const defined = new Set(['executable', 'sanitizedProductName', 'productFilename']);
  for (const f of ['build/linux/after-install.sh', 'build/linux/after-remove.sh']) {
    for (const m of readFileSync(at(f), 'utf8').matchAll(/\$\{([a-zA-Z]+)\}/g)) assert.ok(defined.has(m[1]!), `${f}: \${${m[1]}}`);
  }
});

test('before-remove runs prerm only on removal, never on upgrade', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-prerm-'));
  try {
    const script = readFileSync(at('build/installer/linux/before-remove.sh'), 'utf8');
    const log = path.join(dir, 'log');
    const stub = path.join(dir, 'prerm.sh');
    writeFileSync(stub, `#!/bin/sh\necho "prerm $*" >> "${log}"\n`, { mode: 0o755 });
    const copy = path.join(dir, 'before-remove.sh');
    writeFileSync(copy, script.replace('/opt/Tabula/resources/build/linux/prerm.sh', stub), { mode: 0o755 });
    for (const arg of ['upgrade', '1', 'failed-upgrade', 'remove', '0']) await run('bash', [copy, arg]);
    assert.equal(readFileSync(log, 'utf8'), 'prerm remove\nprerm remove\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the NSIS include compiles with makensis (installer and uninstaller passes)', async (t) => {
  const makensis = needProgram(t, 'makensis');
  if (!makensis) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-nsis-'));
  try {
    const include = at('build/installer/windows/installer.nsh');
    const installer =
      `Unicode true\nName "Tabula"\nOutFile "${path.join(dir, 'tabula-installer-test.exe')}"\nRequestExecutionLevel admin\nInstallDir "$PROGRAMFILES64\\Tabula"\n` +
      `!include "${include}"\nFunction .onInit\n  !insertmacro customInit\nFunctionEnd\n` +
      `Section "Install"\n  SetOutPath "$INSTDIR"\n  !insertmacro customInstall\n  WriteUninstaller "$INSTDIR\\Uninstall.exe"\nSectionEnd\n` +
      `Section "Uninstall"\n  !insertmacro customUnInstall\nSectionEnd\n`;
    writeFileSync(path.join(dir, 'installer.nsi'), installer);
    // electron-builder builds the uninstaller in its own pass with BUILD_UNINSTALLER defined.
    const uninstaller =
      `Unicode true\nName "Tabula"\nOutFile "${path.join(dir, 'tabula-uninstaller-test.exe')}"\nRequestExecutionLevel admin\n!define BUILD_UNINSTALLER\n` +
      `!include "${include}"\nSection "Uninstall"\n  !insertmacro customUnInstall\nSectionEnd\nSection\n  WriteUninstaller "$EXEDIR\\u.exe"\nSectionEnd\n`;
    writeFileSync(path.join(dir, 'uninstaller.nsi'), uninstaller);
    for (const nsi of ['installer.nsi', 'uninstaller.nsi']) {
      // -WX: warnings are errors, as electron-builder compiles (nsis.warningsAsErrors defaults to true).
      await run(makensis, ['-V2', '-WX', path.join(dir, nsi)]).catch((e: { stdout?: string; stderr?: string }) =>
        assert.fail(`makensis ${nsi}:\n${e.stdout ?? ''}${e.stderr ?? ''}`),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the XDG autostart entry is valid', async (t) => {
  const validate = needProgram(t, 'desktop-file-validate');
  if (!validate) return;
  const { stdout, stderr } = await run(validate, [at('build/linux/tabula-app.desktop')]);
  assert.equal(`${stdout}${stderr}`.trim(), '');
  const entry = readFileSync(at('build/linux/tabula-app.desktop'), 'utf8');
  assert.match(entry, /^Exec=\/usr\/lib\/tabula\/tabula-app-start\.sh$/m, 'where build/linux/postinst.sh installs the start script');
  const start = readFileSync(at('build/linux/tabula-app-start.sh'), 'utf8');
  assert.match(
    start,
    /app=\$\{TABULA_APP:-\/opt\/Tabula\/tabula\}/,
    'matches linux.executableName and the /opt/<productName> install path',
  );
});

test('the MSI hook adds CONFIG / TOKEN and the install / uninstall actions to the real WiX template', () => {
  const req = createRequire(import.meta.url);
  const hook = req(at('build/installer/windows/msi-project-created.cjs')) as { patchWxs(xml: string): string };
  const template = readFileSync(at('node_modules/app-builder-lib/templates/msi/template.xml'), 'utf8');
  const patched = hook.patchWxs(template);
  assert.equal(hook.patchWxs(patched), patched, 'idempotent');
  assert.ok(patched.indexOf('<Property Id="TOKEN" Secure="yes" Hidden="yes"/>') < patched.lastIndexOf('</Product>'));
  assert.match(patched, /<Property Id="CONFIG" Secure="yes"\/>/);
  assert.match(patched, /Execute="deferred" Impersonate="no"/);
  assert.match(patched, /install-tasks\.ps1' -Uninstall/);
  assert.match(patched, /apply-settings\.ps1' -Config '\[CONFIG\]' -Token '\[TOKEN\]'/);
  // Still well-formed enough for candle: every tag we added is closed.
  const added = patched.slice(template.lastIndexOf('</Product>') - 1);
  assert.equal((added.match(/<InstallExecuteSequence>/g) ?? []).length, (added.match(/<\/InstallExecuteSequence>/g) ?? []).length);
});

test('enroll-token.sh writes the token root-only (0600) where the agent reads it; refuses a bad token', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-token-'));
  const script = at('build/installer/unix/enroll-token.sh');
  const token = `tbe_${'A1b2-_'.repeat(7)}x`;
  const sh = (env: Record<string, string>) =>
    run('bash', [script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DESTDIR: dir, ...env } });
  try {
    assert.equal(PENDING_TOKEN_FILE, 'enroll-token');
    // Nothing given, nothing there: nothing is created.
    await sh({});
    assert.equal(existsSync(path.join(dir, 'etc')), false);
    // A token: /etc/tabula/enroll-token, 0600, owned by root when run as root, no temp file left.
    const { stdout, stderr } = await sh({ TABULA_ENROLL_TOKEN: token });
    assert.ok(!stdout.includes(token) && !stderr.includes(token), 'the token is not printed');
    const file = path.join(dir, 'etc', 'tabula', PENDING_TOKEN_FILE);
    assert.equal(readFileSync(file, 'utf8'), `${token}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    if (process.getuid?.() === 0) assert.equal(statSync(file).uid, 0);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o755);
    assert.deepEqual(readdirSync(path.dirname(file)), [PENDING_TOKEN_FILE]);
    // macOS location.
    await sh({ TABULA_ENROLL_TOKEN: token, UNAME: 'Darwin' });
    assert.equal(statSync(path.join(dir, 'Library', 'Application Support', 'Tabula', PENDING_TOKEN_FILE)).mode & 0o777, 0o600);
    // A file IT dropped there beforehand with a loose mode is made root-only.
    writeFileSync(file, token, { mode: 0o644 });
    chmodSync(file, 0o644);
    await sh({});
    assert.equal(statSync(file).mode & 0o777, 0o600);
    // A link there is left alone (never followed; the agent refuses it).
    const target = path.join(dir, 'elsewhere');
    writeFileSync(target, 'x', { mode: 0o644 });
    chmodSync(target, 0o644);
    rmSync(file);
    symlinkSync(target, file);
    await sh({});
    assert.equal(statSync(target).mode & 0o777, 0o644);
    assert.ok(lstatSync(file).isSymbolicLink());
    // A malformed token fails the install (exit 3) and writes nothing.
    const other = path.join(dir, 'bad');
    mkdirSync(other);
    const bad = await run('bash', [script], {
      env: { PATH: process.env.PATH ?? '', DESTDIR: other, TABULA_ENROLL_TOKEN: 'tbe_short' },
    }).then(
      () => 0,
      (e: { code?: number; stderr?: string }) => {
        assert.ok(!String(e.stderr).includes('tbe_short'));
        return e.code;
      },
    );
    assert.equal(bad, 3);
    assert.equal(existsSync(path.join(other, 'etc', 'tabula', PENDING_TOKEN_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every installer writes the token file the agent reads, root / SYSTEM only, and the packages run the script', () => {
  const ps1 = readFileSync(at('build/installer/windows/apply-settings.ps1'), 'utf8');
  assert.match(ps1, new RegExp(`Join-Path \\$dir '${PENDING_TOKEN_FILE}'`));
  // The ACL is set on the empty file before the token is written into it.
  const acl = ps1.indexOf("icacls.exe $file /inheritance:r /grant:r '*S-1-5-18:F' '*S-1-5-32-544:F'");
  assert.ok(acl > 0 && acl < ps1.indexOf('Set-Content -LiteralPath $file -Value $Token'), 'ACL first, then the token');
  // The configuration may hold the staff PIN's hash: the same, never the folder's Users: read.
  const configAcl = ps1.indexOf("icacls.exe $target /inheritance:r /grant:r '*S-1-5-18:F' '*S-1-5-32-544:F'");
  assert.ok(configAcl > 0 && configAcl < ps1.indexOf('Set-Content -LiteralPath $target'), 'ACL first, then the configuration');
  assert.ok(!ps1.includes('Copy-Item'), "no copy that would take the folder's ACL");
  assert.match(readFileSync(at('build/installer/unix/enroll-token.sh'), 'utf8'), new RegExp(`file="\\$dir/${PENDING_TOKEN_FILE}"`));
  const config = JSON.parse(readFileSync(at('build/electron-builder.json'), 'utf8')) as Record<
    string,
    { fpm?: string[]; extraResources?: Array<{ from: string }> }
  >;
  for (const target of ['deb', 'rpm'])
    assert.ok(config[target]!.fpm!.includes('--before-install=build/installer/unix/enroll-token.sh'), target);
  for (const target of ['mac', 'linux'])
    assert.ok(
      config[target]!.extraResources!.some((r) => r.from === 'build/installer/unix'),
      target,
    );
});
