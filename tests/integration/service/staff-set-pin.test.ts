/**
 * `tabula staff set-pin`: the real CLI writes the PIN's hash into the configuration file of a
 * real running agent, which takes it without a restart; the file keeps its other fields and is
 * owner-only; bad input changes nothing; on a terminal the PIN is asked twice and never echoed.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callAgent } from '../../../main/agent/ipc/client.js';
import { hashPin, verifyPin } from '../../../main/agent/service/staff-pin.js';
import { CLI, startAgentProcess, stopAgentProcess, waitStatus } from '../../support/agent-process.js';
import { needProgram } from '../../support/programs.js';

const OLD_PIN = '1357';
const NEW_PIN = '80462';

function setPin(config: string, input: string) {
  const r = spawnSync(process.execPath, [CLI, 'staff', 'set-pin', '--config', config], { input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function scratch(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-set-pin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** How often the agent has logged that it applied a configuration. */
function appliedCount(stateDir: string): number {
  try {
    return readFileSync(path.join(stateDir, 'logs', 'tabula.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"config.applied"')).length;
  } catch {
    return 0;
  }
}

async function unlocks(stateDir: string, pin: string): Promise<boolean> {
  return (await callAgent(stateDir, { type: 'staffUnlock', pin }, { endpoint: 'patron' })).ok;
}

test('a running agent takes the new PIN at once; the old one no longer unlocks; other fields are kept', { timeout: 60_000 }, async (t) => {
  const dir = scratch(t);
  const config = path.join(dir, 'config.json');
  const stateDir = path.join(dir, 'state');
  const fields = { accounts: [], closeBrowsers: false, idle: { timeoutSec: 900, warningSec: 60 } };
  writeFileSync(config, JSON.stringify({ ...fields, staffPinHash: hashPin(OLD_PIN) }), { mode: 0o644 });
  const agent = startAgentProcess(stateDir, config, { TABULA_CONFIG_POLL_MS: '200' });
  t.after(() => stopAgentProcess(agent));
  await waitStatus(stateDir, (s) => s.ready);
  assert.equal(await unlocks(stateDir, OLD_PIN), true);

  const appliedBefore = appliedCount(stateDir) + 1;
  const r = setPin(config, `${NEW_PIN}\n`);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `Staff PIN set in ${config} (readable by its owner only). A running agent uses it within seconds.\n`);
  assert.ok(!r.out.includes(NEW_PIN) && !r.err.includes(NEW_PIN), 'the PIN is never printed');
  assert.equal(statSync(config).mode & 0o777, 0o600, 'owner-only: the hash would let anyone guess the PIN offline');
  const written = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
  assert.ok(verifyPin(NEW_PIN, written.staffPinHash as string));
  assert.ok(!readFileSync(config, 'utf8').includes(NEW_PIN));
  delete written.staffPinHash;
  assert.deepEqual(written, fields);

  // Wait for the agent to apply the new file (no unlock attempts meanwhile: wrong ones would count towards a lock).
  const end = Date.now() + 20_000;
  while (appliedCount(stateDir) < appliedBefore) {
    assert.ok(Date.now() < end, 'the agent took the new file without a restart');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await unlocks(stateDir, NEW_PIN), true, 'the new PIN unlocks');
  assert.equal(await unlocks(stateDir, OLD_PIN), false, 'the old PIN no longer unlocks');

  // The agent said once (not at every 200 ms poll) that the first file let others read the hash.
  const log = readFileSync(path.join(stateDir, 'logs', 'tabula.log'), 'utf8');
  assert.equal(log.split('\n').filter((l) => l.includes('"config.pin-hash-readable"')).length, 1, log);
  assert.ok(!log.includes(dir), 'no path in the log');
});

test('bad input changes nothing: a short PIN, a PIN with spaces, a configuration that is not valid', (t) => {
  const dir = scratch(t);
  const config = path.join(dir, 'config.json');
  const before = JSON.stringify({ accounts: [], staffPinHash: hashPin(OLD_PIN) });
  writeFileSync(config, before);
  for (const pin of ['12', 'a b c d', '']) {
    const r = setPin(config, `${pin}\n`);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      'tabula: E_USAGE: The command line is not valid. Run `tabula --help`. (the PIN must be 4 to 64 characters without spaces)\n',
    );
    assert.equal(readFileSync(config, 'utf8'), before);
  }
  const broken = path.join(dir, 'broken.json');
  writeFileSync(broken, '{"accounts": ["patron"], "idle": {"timeoutSec": 5}}');
  const r = setPin(broken, `${NEW_PIN}\n`);
  assert.equal(r.code, 2);
  assert.match(r.err, /broken\.json: \/idle\/timeoutSec: expected integer from 30 to 86400, got 5\n/);
  assert.match(r.err, /broken\.json: fix the file first; it was not changed and the PIN was not set\n$/);
  assert.equal(readFileSync(broken, 'utf8'), '{"accounts": ["patron"], "idle": {"timeoutSec": 5}}');
});

/** Runs set-pin on a pseudo-terminal (util-linux `script`), answering each prompt as it appears. */
function onTerminal(config: string, answers: string[]): Promise<{ code: number | null; screen: string }> {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} staff set-pin --config ${JSON.stringify(config)}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let asked = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const prompts = (screen.match(/New staff PIN \(not shown\): |The same PIN again: /g) ?? []).length;
    while (asked < prompts && asked < answers.length) child.stdin.write(`${answers[asked++]}\r`);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, screen })));
}

test('on a terminal the PIN is asked twice and never shown; two different answers change nothing', { timeout: 60_000 }, async (t) => {
  if (!needProgram(t, 'script')) return;
  const dir = scratch(t);
  const config = path.join(dir, 'config.json');
  const ok = await onTerminal(config, [NEW_PIN, NEW_PIN]);
  assert.equal(ok.code, 0, ok.screen);
  assert.match(ok.screen, /New staff PIN \(not shown\): [\r\n]+The same PIN again: [\r\n]+Staff PIN set in /);
  assert.ok(!ok.screen.includes(NEW_PIN), 'never echoed');
  const hash = (JSON.parse(readFileSync(config, 'utf8')) as { staffPinHash: string }).staffPinHash;
  assert.ok(verifyPin(NEW_PIN, hash));

  const differ = await onTerminal(config, ['24680', '24681']);
  assert.equal(differ.code, 2);
  assert.match(differ.screen, /the two PINs differ; nothing was changed/);
  assert.equal((JSON.parse(readFileSync(config, 'utf8')) as { staffPinHash: string }).staffPinHash, hash);
});

test('config check warns when no PIN is set and when others can read it; set-pin leaves nothing to warn about', (t) => {
  const dir = scratch(t);
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ accounts: [] }), { mode: 0o644 });
  const check = () => {
    const r = spawnSync(process.execPath, [CLI, 'config', 'check', '--config', config, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
  };
  assert.deepEqual(check(), ['staffPinHash: not set, so staff cannot unlock Wipe now in the app; set it with `tabula staff set-pin`']);
  writeFileSync(config, JSON.stringify({ accounts: [], staffPinHash: hashPin(OLD_PIN) }), { mode: 0o644 });
  assert.deepEqual(check(), [
    `${config}: /staffPinHash: the file is readable by other users, who could then guess the PIN offline; run: chmod 600 '${config}'`,
  ]);
  assert.equal(setPin(config, `${NEW_PIN}\n`).code, 0);
  assert.deepEqual(check(), []);
});
