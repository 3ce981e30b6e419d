/**
 * startAgent: state directory, journal, local channel, recovery of dirty accounts (before any
 * session event is acted on), then the session sources. Returns a handle to stop it.
 */
import { AccountTokens } from '../ipc/account-tokens.js';
import { startIpcServer, type IpcServer } from '../ipc/server.js';
import { systemAccountResolver } from '../config/targets.js';
import { silentLog } from '../log/logger.js';
import { Journal } from '../session/journal.js';
import { dedupeSessionEvents } from '../session/sources/dedupe.js';
import type { SessionSource } from '../session/types.js';
import { TabulaError } from '../base/errors.js';
import { Agent, prepareStateDir, type StartAgentOptions } from './agent.js';
import { agentHandler, keepAccountTokens } from './handlers.js';
import { idleWatchFor, type IdleWatch } from './idle-watch.js';
import { staffGroupId } from './staff-group.js';

const FLUSH_INTERVAL_MS = 5 * 60_000;

export interface AgentHandle {
  agent: Agent;
  ipc: IpcServer | undefined;
  /** The idle logout (countdown events, logout and wipe on expiry). */
  idle: IdleWatch;
  /** Resolves when the recovery wipes are done (the agent is then `ready`). */
  recovered: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions extends StartAgentOptions {
  /** Serve the local channel (default true). */
  ipc?: boolean;
}

export async function startAgent(options: StartOptions): Promise<AgentHandle> {
  prepareStateDir(options.stateDir);
  let journal: Journal;
  try {
    journal = Journal.open(options.stateDir);
  } catch {
    throw new TabulaError('E_STATE', 'the journal cannot be read or written');
  }
  const agent = new Agent(journal, options);
  const log = options.log;
  const idle = idleWatchFor(agent, { endOsSession: options.endOsSession, log: log ?? silentLog });
  options.watcher?.onChange(() => idle.configure());
  let ipc: IpcServer | undefined;
  if (options.ipc !== false) {
    // Every configured account has its token before the patron socket accepts anything.
    const tokens = new AccountTokens(options.stateDir, log);
    tokens.prepare();
    await keepAccountTokens(agent, tokens, options.resolveAccount ?? systemAccountResolver(agent.platform), log);
    ipc = await startIpcServer({
      stateDir: options.stateDir,
      handler: agentHandler(agent, idle, { resolveAccount: options.resolveAccount, log, tokens }),
      tokenValid: (token) => agent.staff.isValid(token),
      accountOf: (token) => tokens.uidOf(token),
      staffGid: await staffGroupId(agent.config.staffGroup),
    });
  }
  // Journal first: recovery wipes are queued before any source can queue anything.
  const recovered = agent.recover().then(() => {
    agent.markReady();
    log?.info('agent.ready', { dirty: journal.counts().dirty });
  });
  const started: SessionSource[] = [];
  // Several sources see the same logout (logind and the loginctl poller): one wipe per session.
  const emit = dedupeSessionEvents((event) => {
    try {
      agent.handleEvent(event);
    } catch (error) {
      log?.error('session.event-failed', { source: event.source, code: error instanceof TabulaError ? error.code : 'E_INTERNAL' });
    }
  });
  for (const source of options.sources) {
    try {
      await source.start(emit);
      started.push(source);
    } catch {
      log?.error('source.failed', { source: source.name });
    }
  }
  log?.info('agent.started', { sources: started.length, patronAccounts: agent.config.accounts?.length ?? 0 });
  // Successes wait for their hour to end; send what is due every few minutes (failures go at once).
  // The report sender and enrollment are imported when first needed, not by every idle agent (issue 14: RSS).
  const flushTimer = setInterval(() => {
    import('../report/sender.js').then((m) => m.flush(options.stateDir, { successes: 'due', respectBackoff: true })).catch(() => undefined); // not enrolled: nothing to do
  }, FLUSH_INTERVAL_MS);
  flushTimer.unref();
  // The installer's one-time dashboard token (enroll-token beside config.json): the real service only.
  if (options.watcher) {
    import('../report/enroll.js').then(
      (m) => m.startPendingEnrollment({ stateDir: options.stateDir, dashboard: () => agent.config.dashboard }, log),
      () => log?.error('enroll.pending-failed', { code: 'E_INTERNAL' }),
    );
  }
  return {
    agent,
    ipc,
    idle,
    recovered,
    stop: async () => {
      clearInterval(flushTimer);
      for (const s of started) await s.stop().catch(() => undefined);
      options.watcher?.stop();
      idle.stop();
      agent.retries.stop();
      agent.warmUps.stop();
      await ipc?.close();
      await idle.settled();
      await agent.idle();
    },
  };
}
