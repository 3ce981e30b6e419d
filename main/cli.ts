#!/usr/bin/env node
/** `tabula`: the agent's command line, for IT, scripts, PAM/logoff hooks and tests. */
// The PAM hook (`tabula session end`, at every logout): the modules of its light path are fetched
// at once, alongside the dispatcher, rather than one level of imports after another (ES modules
// load level by level, and on a busy machine each level costs a few thread-pool round trips).
// Only a head start: each module still imports what it needs.
const SESSION_HOOK = [
  './agent/cli/session-hook.js',
  './agent/cli/session-answer.js',
  './agent/ipc/client.js',
  './agent/ipc/address.js',
  './agent/ipc/lines.js',
  './agent/cli/output.js',
];
if (process.argv.includes('session')) for (const m of SESSION_HOOK) import(m).catch(() => undefined);
// The service (`tabula agent`, as every unit and task starts it) and the commands that run the
// wipe engine run the one-module bundle of the same CLI (agent-cli.ts: a smaller idle agent, and
// one module to load instead of ~150 before a wipe); every other command (`--version`, the PAM
// hook) the few modules it needs, as they are. The wipe commands compile the bundle with its code
// cache (agent-cli.ts); the service without it.
const BUNDLED = ['agent', 'wipe', 'plan', 'verify', 'baseline'];
const { runCli } = BUNDLED.includes(process.argv[2] ?? '')
  ? await (await import('./agent/cli/agent-cli.js')).agentCli(process.argv[2] !== 'agent')
  : await import('./agent/cli/commands.js');

process.exitCode = await runCli(process.argv.slice(2));
