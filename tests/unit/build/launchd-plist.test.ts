/** build/macos/*.plist: well-formed XML property lists with the launchd keys the agent and app need. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePlist, type PlistValue } from './xml.js';
import { buildDir } from './paths.js';

const load = async (name: string) => parsePlist(await readFile(join(buildDir, 'macos', name), 'utf8')) as { [key: string]: PlistValue };

test('the parser rejects broken plists', () => {
  assert.throws(() => parsePlist('<plist><dict><key>A</key></dict></plist>'), /key and no value/);
  assert.throws(() => parsePlist('<plist><dict><key>A</key><string>x</dict></plist>'), /does not close/);
  assert.throws(() => parsePlist('<plist><dict><key>A</key><string>a & b</string></dict></plist>'), /bare '&'/);
});

test('LaunchDaemon org.tabula.agent: root, at load, kept alive, runs the agent as Node', async () => {
  const plist = await load('org.tabula.agent.plist');
  assert.equal(plist.Label, 'org.tabula.agent');
  assert.equal(plist.RunAtLoad, true);
  assert.equal(plist.KeepAlive, true);
  assert.equal(plist.UserName, 'root');
  const args = plist.ProgramArguments as string[];
  assert.ok(Array.isArray(args) && args.every((a) => typeof a === 'string'));
  assert.match(args[0] ?? '', /^\/Applications\/Tabula\.app\/Contents\/MacOS\//);
  assert.match(args[1] ?? '', /\/dist\/main\/cli\.js$/);
  assert.equal(args[2], 'agent');
  assert.deepEqual(plist.EnvironmentVariables, { ELECTRON_RUN_AS_NODE: '1' });
  assert.equal(plist.Umask, 0o77);
});

test('LaunchAgent org.tabula.app: GUI sessions only, restarted unless it quits cleanly', async () => {
  const plist = await load('org.tabula.app.plist');
  assert.equal(plist.Label, 'org.tabula.app');
  assert.equal(plist.RunAtLoad, true);
  assert.deepEqual(plist.KeepAlive, { SuccessfulExit: false });
  assert.equal(plist.LimitLoadToSessionType, 'Aqua');
  assert.equal(plist.UserName, undefined, 'runs as the logged-in user');
  assert.ok(Array.isArray(plist.ProgramArguments));
});
