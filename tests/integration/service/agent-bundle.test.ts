/**
 * The agent runs as one module (issue 14, idle RSS): `node dist/main/cli.js agent` loads the agent
 * bundle (dist/main/agent/bundle/agent.js, scripts/bundle-agent.mjs) and none of tsc's modules
 * but its two small entry files; node:* aside, the bundle imports nothing. A build without the
 * bundle still runs the agent from tsc's modules and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { removeTree, tempDir } from '../../support/tree.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUNDLE = path.join(DIST, 'main/agent/bundle/agent.js');

test('the bundle exports what the dispatcher does, and imports only node:* modules', async () => {
  assert.ok(existsSync(BUNDLE), 'npm run build makes dist/main/agent/bundle/agent.js');
  const bundled = (await import(pathToFileURL(BUNDLE).href)) as Record<string, unknown>;
  const plain = (await import('../../../main/agent/cli/commands.js')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(bundled).sort(), Object.keys(plain).sort());
  assert.equal(typeof bundled.runCli, 'function');
  assert.notEqual(bundled.runCli, plain.runCli, 'a module of its own');
  const text = readFileSync(BUNDLE, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|[;\s}])(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? '');
  assert.ok(specifiers.length > 0);
  assert.deepEqual(
    specifiers.filter((s) => !s.startsWith('node:')),
    [],
  );
});

test('`tabula agent` loads the bundle, not tsc modules, and is ready', { timeout: 60_000 }, async () => {
  const base = tempDir('tabula-bundle-');
  try {
    const loads = path.join(base, 'loads.txt');
    const hooks = path.join(base, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(loads)}, url + '\\n');\n  return next(url, context);\n}\n`,
    );
    const register = path.join(base, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const config = path.join(base, 'config.json');
    writeFileSync(config, JSON.stringify({ accounts: [] }));
    const stateDir = path.join(base, 'state');
    const agent = startAgentProcess(stateDir, config, { NODE_OPTIONS: `--import=${pathToFileURL(register).href}` });
    let stderr = '';
    agent.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitStatus(stateDir, (s) => s.ready);
    } finally {
      await stopAgentProcess(agent);
    }
    assert.doesNotMatch(stderr, /bundle is not built/);
    const ours = readFileSync(loads, 'utf8')
      .trim()
      .split('\n')
      .filter((u) => u.startsWith(pathToFileURL(DIST).href))
      .map((u) => path.relative(DIST, fileURLToPath(u)).split(path.sep).join('/'));
    assert.deepEqual(ours.sort(), ['main/agent/bundle/agent.js', 'main/agent/cli/agent-cli.js', 'main/cli.js']);
  } finally {
    removeTree(base);
  }
});

test('without the bundle (tsc alone), `tabula agent` runs the modules as they are and says so', () => {
  const base = tempDir('tabula-nobundle-');
  try {
    for (const dir of ['main', 'protocol']) {
      cpSync(path.join(DIST, dir), path.join(base, dir), { recursive: true, filter: (src) => !src.includes(`${path.sep}bundle`) });
    }
    writeFileSync(path.join(base, 'package.json'), JSON.stringify({ type: 'module' }));
    mkdirSync(path.join(base, 'state'), { mode: 0o711 });
    const run = (cli: string) =>
      spawnSync(process.execPath, [cli, 'agent', '--help', '--state', path.join(base, 'state')], { encoding: 'utf8' });
    const without = run(path.join(base, 'main/cli.js'));
    assert.equal(without.status, 0, without.stderr);
    assert.match(without.stderr, /the agent bundle is not built/);
    const withBundle = run(path.join(DIST, 'main/cli.js'));
    assert.equal(withBundle.status, 0, withBundle.stderr);
    assert.doesNotMatch(withBundle.stderr, /bundle/);
    assert.equal(without.stdout, withBundle.stdout);
    assert.match(withBundle.stdout, /agent/);
  } finally {
    removeTree(base);
  }
});
