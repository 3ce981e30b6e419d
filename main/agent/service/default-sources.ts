/**
 * The session-end sources the agent starts on each platform: logind D-Bus and loginctl polling on
 * Linux, the console user on macOS, session polling on Windows (logoff tasks call `tabula session
 * end`), plus the configured schedules. The agent service and `tabula agent` call only this.
 */
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import type { EventLog } from '../log/logger.js';
import { logOutAccount } from '../session/log-out.js';
import { ScheduleSource } from '../session/schedule.js';
import { sourcesFor } from '../session/sources/index.js';
import type { SessionSource } from '../session/types.js';

export function defaultSources(platform: Platform, config: () => Config, log?: EventLog): SessionSource[] {
  const onError = (event: string) => log?.warn(event, {});
  const sources = sourcesFor(platform, { onError });
  const schedules = config().schedules ?? [];
  if (schedules.length > 0) {
    sources.push(
      new ScheduleSource({
        entries: schedules,
        accounts: () => config().accounts ?? [],
        endSessions: (account) => logOutAccount(platform, account),
        onError,
      }),
    );
  }
  return sources;
}

/** Logs a patron out everywhere (idle expiry, "End session and wipe"); the wipe follows the session end. */
export async function endOsSession(platform: Platform, account: string): Promise<void> {
  const { ended, failed } = await logOutAccount(platform, account);
  if (ended === 0 && failed > 0) throw Object.assign(new Error('the session could not be ended'), { code: 'EPERM' });
}
