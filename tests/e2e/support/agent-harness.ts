/**
 * The real agent core in the test process: `startAgent` (journal, the real local-channel server on
 * a temp state dir, the Agent with its StaffAuth, wipe queue and idle watch, `runWipe` → the real
 * `wipe()`), reached by the app's real AgentClient over the real patron socket, behind the app's
 * real AppService. The patron account `patron` resolves to a temp home with a Chromium-like
 * profile and personal files. Preview and the idle countdown come from the agent itself; the only
 * stand-in is the OS logout (`endOsSession`), which records the call instead of logging anyone out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentClient } from '../../../main/app/agent-client.js';
import { AppService } from '../../../main/app/app-service.js';
import { patronEndpoint } from '../../../main/app/agent-address.js';
import { noticeFrom } from '../../../main/app/notice-config.js';
import { DEFAULT_CONFIG, type Config } from '../../../main/agent/config/schema.js';
import { silentLog } from '../../../main/agent/log/logger.js';
import { startAgent, type AgentHandle } from '../../../main/agent/service/start.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';
import { makePatronHome, type PatronHome } from '../../support/patron-home.js';
import { ownAccountToken } from '../../support/ipc-accounts.js';

export const STAFF_PIN = '24681357';
export const ACCOUNT = 'patron';

/** A small Chromium-like profile plus personal files: relative path → size in bytes. */
export const PLANTED: Readonly<Record<string, number>> = (() => {
  const files: Record<string, number> = {
    '.config/chromium/Default/History': 40_960,
    '.config/chromium/Default/Cookies': 20_480,
    '.config/chromium/Default/Web Data': 16_384,
    '.config/chromium/Default/Login Data': 8_192,
    '.config/chromium/Default/Visited Links': 4_096,
    '.config/chromium/Default/Sessions/Session_13350000000000000': 2_048,
    '.config/chromium/Default/Local Storage/leveldb/000003.log': 3_000,
    '.config/chromium/Default/IndexedDB/http_marker.test_0.indexeddb.leveldb/000003.log': 5_000,
    'Downloads/bus-schedule.pdf': 120_000,
    'Desktop/resume-draft.txt': 2_500,
    'Documents/cover-letter.odt': 9_000,
  };
  for (let i = 0; i < 120; i++) files[`.cache/chromium/Default/Cache/Cache_Data/f_${String(i).padStart(6, '0')}`] = 1_000 + i * 37;
  return files;
})();

export function plant(home: string): void {
  for (const [rel, size] of Object.entries(PLANTED)) {
    mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    writeFileSync(path.join(home, rel), Buffer.alloc(size, 0x61));
  }
}

export interface Harness {
  patron: PatronHome;
  handle: AgentHandle;
  client: AgentClient;
  service: AppService;
  /** Accounts the agent asked the OS to log out (the one test double: the OS boundary). */
  loggedOut: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  notice?: unknown;
  locale?: string;
  /** The agent's `config.idle` (default 1 s idle, 30 s countdown). */
  idle?: { timeoutSec: number; warningSec: number };
  /** No staff PIN in the agent's configuration (IT has not set one yet). */
  noStaffPin?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const patron = makePatronHome('tabula-e2e-');
  plant(patron.home);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tabula-e2e-state-'));
  const config: Config = {
    ...DEFAULT_CONFIG,
    accounts: [ACCOUNT],
    closeBrowsers: false,
    staffPinHash: options.noStaffPin ? undefined : hashPin(STAFF_PIN),
    idle: options.idle ?? { timeoutSec: 1, warningSec: 30 },
  };
  // The temp roots the agent passes are its defaults (/tmp …): ignored, the patron's own temp is used.
  const resolveAccount = async (name: string) => {
    if (name !== ACCOUNT) throw new Error('unknown account');
    return { home: patron.home, tempRoots: [patron.temp] };
  };
  const loggedOut: string[] = [];
  const endOsSession = async (account: string) => void loggedOut.push(account);
  const handle = await startAgent({ config, stateDir, sources: [], resolveAccount, platform: 'linux', log: silentLog, endOsSession });
  await handle.recovered;

  const client = new AgentClient({ path: patronEndpoint(stateDir), reconnectMs: 200, accountToken: ownAccountToken(stateDir) });
  client.start();
  const { notice } = noticeFrom(options.notice, options.locale ?? 'en');
  const service = new AppService({ agent: client, account: ACCOUNT, notice: () => notice });
  return {
    patron,
    handle,
    client,
    service,
    loggedOut,
    stop: async () => {
      client.close();
      await handle.stop();
      patron.cleanup();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
