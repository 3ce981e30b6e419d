#!/usr/bin/env node
/**
 * The agent service entry (systemd unit, LaunchDaemon, Windows service): the same as
 * `tabula agent [--config FILE] [--state DIR]`.
 */
import { agentCli } from './agent/cli/agent-cli.js';

const { runCli } = await agentCli(); // the one-module bundle of the CLI (agent-cli.ts)
process.exitCode = await runCli(['agent', ...process.argv.slice(2)]);
