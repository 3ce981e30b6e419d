/**
 * The real agent core in the test process: `startAgent` (journal, the real local-channel server on
 * a temp state dir, the Agent with its StaffAuth and wipe queue, `runWipe` → the real `wipe()`),
 * reached by the app's real AgentClient over the real patron socket, behind the app's real
 * AppService. The patron account `patron` resolves to a temp home with a Chromium-like profile
 * and personal files.
 *
 * Two agent features the app proposes are supplied here, from the agent's own parts, until the
 * agent serves them (see main/app/agent-port.ts): `preview` runs the real `wipe()` with
 * dryRun: true on the same selection, and the idle countdown runs the agent's real IdleMachine
 * on the idle ticks the agent receives and pushes `countdown` events.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CountdownEvent } from '../../../protocol/app-api.js';
import { AgentClient } from '../../../main/app/agent-client.js';
import type { AgentEvent, AgentPort, AgentRequest, AgentRequestType, AgentResponse, PreviewRequest } from '../../../main/app/agent-port.js';
import { AppService } from '../../../main/app/app-service.js';
import { patronEndpoint } from '../../../main/app/agent-address.js';
import { noticeFrom } from '../../../main/app/notice-config.js';
import type { LockoutPolicy } from '../../../main/app/pin-lockout.js';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { DEFAULT_CONFIG, type Config } from '../../../main/agent/config/schema.js';
import { selectionOfTargets } from '../../../main/agent/config/targets.js';
import { silentLog } from '../../../main/agent/log/logger.js';
import { startAgent, type AgentHandle } from '../../../main/agent/service/start.js';
import { hashPin } from '../../../main/agent/service/staff-pin.js';
import { IdleMachine, type IdleOutput } from '../../../main/agent/session/idle.js';
import { wipe } from '../../../main/agent/wipe/wipe.js';
import { makePatronHome, type PatronHome } from '../../support/patron-home.js';

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

export function countdownOf(out: IdleOutput, warningSec: number): CountdownEvent {
  if (out.type === 'countdown-start') return { state: 'counting', secondsLeft: out.secondsLeft, totalSeconds: warningSec };
  return out.type === 'countdown-cancel' ? { state: 'cancelled' } : { state: 'expired' };
}

export interface Harness {
  patron: PatronHome;
  handle: AgentHandle;
  client: AgentClient;
  service: AppService;
  idle: IdleMachine;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  lockout?: LockoutPolicy;
  notice?: unknown;
  locale?: string;
  idle?: { timeoutSec: number; warningSec: number };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const patron = makePatronHome('tabula-e2e-');
  plant(patron.home);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tabula-e2e-state-'));
  const config: Config = { ...DEFAULT_CONFIG, accounts: [ACCOUNT], closeBrowsers: false, staffPinHash: hashPin(STAFF_PIN) };
  // The temp roots the agent passes are its defaults (/tmp …): ignored, the patron's own temp is used.
  const resolveAccount = async (name: string) => {
    if (name !== ACCOUNT) throw new Error('unknown account');
    return { home: patron.home, tempRoots: [patron.temp] };
  };
  const handle = await startAgent({ config, stateDir, sources: [], resolveAccount, platform: 'linux', log: silentLog });
  await handle.recovered;

  const idleConfig = options.idle ?? { timeoutSec: 1, warningSec: 30 };
  const idle = new IdleMachine(idleConfig);
  const local = new Set<(e: AgentEvent) => void>();
  const emit = (outs: IdleOutput[]) => {
    for (const out of outs) for (const l of local) l({ event: 'countdown', countdown: countdownOf(out, idleConfig.warningSec) });
  };
  handle.agent.onIdleTick(({ idleMs }) => emit(idle.tick(idleMs)));
  const checker = setInterval(() => emit(idle.check()), 100);

  const client = new AgentClient({ path: patronEndpoint(stateDir), reconnectMs: 200 });
  client.start();
  const port: AgentPort = {
    onEvent(l) {
      local.add(l);
      const off = client.onEvent(l);
      return () => {
        local.delete(l);
        off();
      };
    },
    async request<T extends AgentRequestType>(request: Extract<AgentRequest, { type: T }>): Promise<AgentResponse<T>> {
      if (request.type !== 'preview') return client.request(request);
      const preview = request as PreviewRequest;
      if (!handle.agent.staff.isValid(preview.token)) return { ok: false, code: 'E_FORBIDDEN' };
      const target = await resolveAccount(preview.account ?? ACCOUNT);
      const selection = selectionOfTargets(config, 'linux', [target], stateDir);
      const summary = await wipe(selection, { catalog: CATALOG, log: silentLog }, { dryRun: true });
      return { ok: true, result: { summary } } as AgentResponse<T>;
    },
  };
  const { notice } = noticeFrom(options.notice, options.locale ?? 'en');
  const service = new AppService({ agent: port, account: ACCOUNT, notice: () => notice, lockout: options.lockout });
  return {
    patron, handle, client, service, idle,
    stop: async () => {
      clearInterval(checker);
      client.close();
      await handle.stop();
      patron.cleanup();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
