#!/usr/bin/env node
/** `tabula`: the agent's command line, for IT, scripts, PAM/logoff hooks and tests. */
import { runCli } from './agent/cli/commands.js';

process.exitCode = await runCli(process.argv.slice(2));
