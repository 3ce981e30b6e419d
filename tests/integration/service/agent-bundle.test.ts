/**
 * The agent runs as one script (issue 14, idle RSS): `node dist/main/cli.js agent` runs the agent
 * bundle (dist/main/agent/bundle/agent.cjs, scripts/bundle-agent.mjs) and none of tsc's modules
 * but its two small entry files; Node's modules aside, the bundle requires nothing. The build
 * trains its code cache (scripts/train-code-cache.mjs), which V8 takes; a cache it refuses is
 * ignored. A build without the bundle still runs the agent from tsc's modules and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE, CODE_CACHE, loadBundle } from '../../../main/agent/cli/agent-cli.js';
import { startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { removeTree, tempDir } from '../../support/tree.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Required by name inside a try, never installed (an optional transport of @homebridge/dbus-native), and node-schedule, required at the first schedule. */
const BY_NAME = ['abstract-socket', 'node-schedule'];

test('the bundle exports what the dispatcher does, and requires only Node modules', async () => {
  assert.ok(existsSync(BUNDLE), 'npm run build makes dist/main/agent/bundle/agent.cjs');
  const bundled = loadBundle(false)?.cli as Record<string, unknown> | undefined;
  const plain = (await import('../../../main/agent/cli/commands.js')) as Record<string, unknown>;
  assert.ok(bundled);
  assert.deepEqual(Object.keys(bundled).sort(), Object.keys(plain).sort());
  assert.equal(typeof bundled.runCli, 'function');
  assert.notEqual(bundled.runCli, plain.runCli, 'a module of its own');
  const text = readFileSync(BUNDLE, 'utf8');
  const required = [...new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? ''))];
  assert.ok(required.includes('node:fs'));
  assert.deepEqual(
    required.filter((s) => !isBuiltin(s) && !BY_NAME.includes(s)),
    [],
  );
  assert.doesNotMatch(text, /\bimport\(/, 'no import() inside: a script runs without a module loader');
});

test('the wipe commands compile the bundle with the code cache the build trained; a refused cache is ignored', () => {
  assert.ok(existsSync(CODE_CACHE), 'npm run build trains dist/main/agent/bundle/agent.cjs.cache (scripts/train-code-cache.mjs)');
  const probe = `import { loadBundle } from ${JSON.stringify(pathToFileURL(path.join(DIST, 'main/agent/cli/agent-cli.js')).href)};
    const l = loadBundle(process.argv[1] === 'cache', process.argv[2]);
    process.stdout.write(JSON.stringify({ cached: l.cached, runCli: typeof l.cli.runCli }));`;
  const probeOf = (cache: boolean, file = BUNDLE) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, cache ? 'cache' : 'none', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { cached: boolean; runCli: string };
  };
  assert.deepEqual(probeOf(true), { cached: true, runCli: 'function' }, 'V8 takes the trained cache');
  assert.deepEqual(probeOf(false), { cached: false, runCli: 'function' });
  const base = tempDir('tabula-cache-');
  try {
    const copy = path.join(base, 'agent.cjs');
    copyFileSync(BUNDLE, copy);
    writeFileSync(`${copy}.cache`, readFileSync(CODE_CACHE).subarray(0, 4096)); // cut short
    assert.deepEqual(probeOf(true, copy), { cached: false, runCli: 'function' }, 'a broken cache is refused, the bundle still runs');
    // Another bundle of the same length (V8 compares only the length): one letter of its header comment changed.
    writeFileSync(copy, readFileSync(BUNDLE, 'utf8').replace('Bundled by', 'Bundled By'));
    copyFileSync(CODE_CACHE, `${copy}.cache`);
    assert.deepEqual(probeOf(true, copy), { cached: false, runCli: 'function' }, 'the cache of another bundle is refused');
  } finally {
    removeTree(base);
  }
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
    // The bundle is a script read by agent-cli.js, not a module: the loader sees only the two entry files.
    assert.deepEqual(ours.sort(), ['main/agent/cli/agent-cli.js', 'main/cli.js']);
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
