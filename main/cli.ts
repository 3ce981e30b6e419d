#!/usr/bin/env node
/** `tabula`: the agent's command line, for IT, scripts, PAM/logoff hooks and tests. */
// The PAM hook (`tabula session end`, at every logout): its light module is fetched alongside the
// dispatcher rather than after it, so the two import chains load in parallel (ESM loads each
// level of imports in turn; under load every level costs a few thread-pool round trips).
if (process.argv.includes('session')) void import('./agent/cli/session-hook.js').catch(() => undefined);
const { runCli } = await import('./agent/cli/commands.js');

process.exitCode = await runCli(process.argv.slice(2));
