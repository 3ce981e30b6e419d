/** build/electron-builder.json against electron-builder's own JSON schema, and every path it names. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { needProgram } from '../../support/programs.js';
import { skipOrFail } from '../../support/skip.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const config = JSON.parse(readFileSync(path.join(REPO, 'build', 'electron-builder.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
/** Written by the service engineer (issue 5 lists them); until they land the test names them. */
export const PENDING_ELSEWHERE = [
  'build/linux/postinst.sh',
  'build/linux/prerm.sh',
  'build/linux/tabula-agent.service',
  'build/macos/org.tabula.agent.plist',
  'build/windows/tabula-logoff-task.xml',
];

test('the config is valid against app-builder-lib/scheme.json', (t) => {
  const schemaFile = path.join(REPO, 'node_modules', 'app-builder-lib', 'scheme.json');
  if (!existsSync(schemaFile)) return void skipOrFail(t, 'node_modules/app-builder-lib/scheme.json is missing (npm ci)');
  // The ajv electron-builder itself depends on (draft-07 schema).
  const req = createRequire(path.join(REPO, 'node_modules', 'app-builder-lib', 'package.json'));
  const Ajv = req('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
  const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(schemaFile, 'utf8')) as object,
  );
  assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
});

test('targets, per-machine installs, scripts and resources are all there', () => {
  assert.equal(config.productName as unknown, 'Tabula');
  assert.deepEqual(config.win!.target, ['nsis', 'msi']);
  assert.deepEqual(config.mac!.target, ['pkg']);
  assert.deepEqual(config.linux!.target, ['deb', 'rpm', 'AppImage']);
  assert.equal(config.nsis!.perMachine, true);
  assert.equal(config.nsis!.oneClick, false);
  assert.equal(config.nsis!.allowElevation, true);
  assert.equal(config.msi!.perMachine, true);
  assert.equal(
    (config.electronFuses as Record<string, unknown>).runAsNode,
    true,
    'the agent runs as the Electron binary with ELECTRON_RUN_AS_NODE=1',
  );
  for (const target of ['deb', 'rpm']) {
    assert.equal(config[target]!.afterInstall, 'build/linux/after-install.sh');
    assert.equal(config[target]!.afterRemove, 'build/linux/after-remove.sh');
  }
  const mine = [
    config.nsis!.include,
    config.msiProjectCreated,
    'build/linux/after-install.sh',
    'build/linux/after-remove.sh',
    'build/installer/linux/before-remove.sh',
    'build/linux/tabula-app.desktop',
    path.join('build', config.pkg!.scripts as string, 'postinstall'),
    'build/installer/windows/apply-settings.ps1',
  ] as string[];
  for (const f of mine) assert.ok(existsSync(path.join(REPO, f)), f);
  const missing = PENDING_ELSEWHERE.filter((f) => !existsSync(path.join(REPO, f)));
  if (missing.length > 0) console.warn(`NOTE: not yet in the tree (service engineer): ${missing.join(', ')}`);
});

/** The programs the agent runs on Linux that a minimal system may lack, with their rpm package names. */
const LINUX_PROGRAMS: Record<string, string> = { ss: '(iproute or iproute2)', ps: '(procps-ng or procps)', loginctl: 'systemd' };

test("deb and rpm keep electron-builder's default dependencies and add what the agent runs", (t) => {
  // Setting `depends` replaces electron-builder's defaults, so each one must still be listed.
  const req = createRequire(path.join(REPO, 'node_modules', 'app-builder-lib', 'package.json'));
  const fpm = req('./out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } };
  for (const target of ['deb', 'rpm']) {
    const depends = config[target]!.depends as string[];
    for (const d of fpm.default.prototype.getDefaultDepends.call({}, target)) assert.ok(depends.includes(d), `${target} keeps ${d}`);
  }
  for (const rpm of Object.values(LINUX_PROGRAMS)) assert.ok((config.rpm!.depends as string[]).includes(rpm), `rpm depends on ${rpm}`);
  // On this Debian machine, the package that really owns each program is the one the deb names.
  if (!needProgram(t, 'dpkg')) return;
  for (const program of Object.keys(LINUX_PROGRAMS)) {
    const owners = execFileSync('dpkg', ['-S', `bin/${program}`], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => new RegExp(`: /(usr/)?s?bin/${program}$`).test(line))
      .map((line) => line.split(':')[0]!);
    assert.equal(owners.length, 1, `one package owns ${program}: ${owners.join(', ')}`);
    assert.ok((config.deb!.depends as string[]).includes(owners[0]!), `deb depends on ${owners[0]} for ${program}`);
  }
});
