/** build/electron-builder.json against electron-builder's own JSON schema, and every path it names. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const config = JSON.parse(readFileSync(path.join(REPO, 'build', 'electron-builder.json'), 'utf8')) as Record<string, Record<string, unknown>>;
/** Written by the service engineer (issue 5 lists them); until they land the test names them. */
export const PENDING_ELSEWHERE = ['build/linux/postinst.sh', 'build/linux/prerm.sh', 'build/linux/tabula-agent.service', 'build/macos/org.tabula.agent.plist', 'build/windows/tabula-logoff-task.xml'];

test('the config is valid against app-builder-lib/scheme.json', (t) => {
  const schemaFile = path.join(REPO, 'node_modules', 'app-builder-lib', 'scheme.json');
  if (!existsSync(schemaFile)) {
    t.skip('SKIPPED: node_modules/app-builder-lib/scheme.json is missing (npm ci)');
    return;
  }
  // The ajv electron-builder itself depends on (draft-07 schema).
  const req = createRequire(path.join(REPO, 'node_modules', 'app-builder-lib', 'package.json'));
  const Ajv = req('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
  const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
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
  assert.equal((config.electronFuses as Record<string, unknown>).runAsNode, true, 'the agent runs as the Electron binary with ELECTRON_RUN_AS_NODE=1');
  for (const target of ['deb', 'rpm']) {
    assert.equal(config[target]!.afterInstall, 'build/linux/after-install.sh');
    assert.equal(config[target]!.afterRemove, 'build/linux/after-remove.sh');
  }
  const mine = [
    config.nsis!.include, config.msiProjectCreated, 'build/linux/after-install.sh', 'build/linux/after-remove.sh',
    'build/installer/linux/before-remove.sh', 'build/linux/tabula-app.desktop', path.join('build', config.pkg!.scripts as string, 'postinstall'),
    'build/installer/windows/apply-settings.ps1',
  ] as string[];
  for (const f of mine) assert.ok(existsSync(path.join(REPO, f)), f);
  const missing = PENDING_ELSEWHERE.filter((f) => !existsSync(path.join(REPO, f)));
  if (missing.length > 0) console.warn(`NOTE: not yet in the tree (service engineer): ${missing.join(', ')}`);
});
