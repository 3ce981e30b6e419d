/**
 * The session sources for an OS, for the service's `defaultSources` hook. On Linux two sources
 * see the same logouts: wrap the service's emit in `dedupeSessionEvents` (or rely on the journal:
 * an end for a clean account is a no-op).
 */
import type { Platform } from '../../catalog/schema.js';
import type { CommandRunner } from '../../base/run-command.js';
import type { SessionSource } from '../types.js';
import { createLoginctlPollSource } from './loginctl-poll.js';
import { createLogindSource } from './logind.js';
import { createMacConsoleSource } from './macos-console.js';
import { createWindowsSessionsSource } from './windows-sessions.js';

export interface SourcesOptions {
  /** Linux: D-Bus address of the system bus (default $DBUS_SYSTEM_BUS_ADDRESS or the standard socket). */
  busAddress?: string;
  /** Polling interval of the safety-net poller (ms). */
  pollIntervalMs?: number;
  /** Linux: leave out the loginctl poller (tests with a fake logind). */
  poll?: boolean;
  /** Linux: leave out logind (no D-Bus). */
  logind?: boolean;
  run?: CommandRunner;
  /** Fixed event names only; never patron data. */
  onError?: (event: string) => void;
}

export function sourcesFor(platform: Platform, options: SourcesOptions = {}): SessionSource[] {
  const pollError = (name: string) => () => options.onError?.(`${name}.poll-failed`);
  const poll = { intervalMs: options.pollIntervalMs, run: options.run };
  switch (platform) {
    case 'linux': {
      const sources: SessionSource[] = [];
      if (options.logind !== false) sources.push(createLogindSource({ busAddress: options.busAddress, onError: options.onError }));
      if (options.poll !== false) sources.push(createLoginctlPollSource({ ...poll, onError: pollError('loginctl') }));
      return sources;
    }
    case 'win32':
      return [createWindowsSessionsSource({ ...poll, onError: pollError('windows-sessions') })];
    case 'darwin':
      return [createMacConsoleSource({ ...poll, onError: pollError('macos-console') })];
  }
}

export { createLoginctlPollSource, createLogindSource, createMacConsoleSource, createWindowsSessionsSource };
export { dedupeSessionEvents } from './dedupe.js';
