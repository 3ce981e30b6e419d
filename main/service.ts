#!/usr/bin/env node
/**
 * The agent service entry (systemd unit, LaunchDaemon, Windows service): the same as
 * `tabula agent [--config FILE] [--state DIR]`.
 */
import { runCli } from './agent/cli/commands.js';

process.exitCode = await runCli(['agent', ...process.argv.slice(2)]);
