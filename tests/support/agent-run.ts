/** An agent started in-process on a throw-away patron home, with an injected session source. */
import path from 'node:path';
import { makeMarker } from './marker-server.js';
import { plantOsMarkers, plantTempMarkers } from './os-markers.js';
import { layout } from './tree.js';
import { makePatronHome, type PatronHome } from './patron-home.js';
import { FakeSource } from './fake-source.js';
import { startAgent, type AgentHandle, type StartOptions } from '../../main/agent/service/start.js';
import type { Config } from '../../main/agent/config/schema.js';
import type { EventLog } from '../../main/agent/log/logger.js';
import { redactFields, type LogFields } from '../../main/agent/log/redact.js';
import { TabulaError } from '../../main/agent/base/errors.js';
import type { Target } from '../../main/agent/wipe/types.js';

/** An EventLog that keeps its redacted lines in memory, to check what would be written. */
export function memoryLog(): EventLog & { lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (event: string, fields: LogFields = {}) => {
      lines.push(JSON.stringify({ level, event, ...redactFields(fields) }));
    };
  return { lines, info: write('info'), warn: write('warn'), error: write('error'), close: async () => {} };
}

/** Plants browser-like and OS markers in a home (and its temp dir); returns the marker. */
export function plantSession(p: PatronHome): string {
  const marker = makeMarker();
  plantOsMarkers(p.home, marker);
  plantTempMarkers(p.temp, marker);
  layout(p.home, {
    '.config/chromium/Default/History': `history ${marker}`,
    '.config/chromium/Default/Cookies': `cookies ${marker}`,
    '.mozilla/firefox/abcd.default-release/places.sqlite': `places ${marker}`,
  });
  return marker;
}

export interface TestAgent {
  handle: AgentHandle;
  source: FakeSource;
  patron: PatronHome;
  log: EventLog & { lines: string[] };
  stateDir: string;
  stop(): Promise<void>;
}

/**
 * Accounts: `patron` → the temp home; `librarian` → refused like an administrator;
 * anything else → unknown.
 */
export function testResolver(patron: PatronHome) {
  return async (name: string, _temp: string[]): Promise<Target> => {
    if (name === 'patron') return { home: patron.home, tempRoots: [patron.temp] };
    if (name === 'librarian') throw new TabulaError('E_ACCOUNT_REFUSED', 'members of administrator groups cannot be patron accounts');
    throw new TabulaError('E_ACCOUNT_UNKNOWN');
  };
}

export async function startTestAgent(
  config: Config = { accounts: ['patron', 'librarian'], closeBrowsers: false },
  extra: Partial<StartOptions> = {},
  patron = makePatronHome(),
): Promise<TestAgent> {
  const source = new FakeSource();
  const log = memoryLog();
  const stateDir = path.join(patron.base, 'state');
  const handle = await startAgent({
    config,
    stateDir,
    sources: [source],
    resolveAccount: testResolver(patron),
    knownHomes: [],
    log,
    platform: 'linux',
    ...extra,
  });
  return {
    handle,
    source,
    patron,
    log,
    stateDir,
    stop: async () => {
      await handle.stop();
    },
  };
}
