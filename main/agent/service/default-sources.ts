/**
 * The session-end sources the agent starts on each platform (logind D-Bus and loginctl polling on
 * Linux, the console user on macOS, logoff tasks and session polling on Windows, idle, schedule).
 * HOOK for the session-sources work (main/agent/session/sources/**): return them here; the agent
 * service and `tabula agent` call this and nothing else to learn the platform's sources.
 */
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import type { SessionSource } from '../session/types.js';

export function defaultSources(_platform: Platform, _config: Config): SessionSource[] {
  return [];
}
