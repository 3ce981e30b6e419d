/**
 * startAgent: state directory, journal, local channel, recovery of dirty accounts (before any
 * session event is acted on), then the session sources. Returns a handle to stop it.
 */
import { startIpcServer, type IpcServer } from '../ipc/server.js';
import { Journal } from '../session/journal.js';
import type { SessionSource } from '../session/types.js';
import { TabulaError } from '../wipe/errors.js';
import { Agent, prepareStateDir, type StartAgentOptions } from './agent.js';
import { agentHandler } from './handlers.js';
import { staffGroupId } from './staff-group.js';

export interface AgentHandle {
  agent: Agent;
  ipc: IpcServer | undefined;
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
  let ipc: IpcServer | undefined;
  if (options.ipc !== false) {
    ipc = await startIpcServer({
      stateDir: options.stateDir,
      handler: agentHandler(agent),
      tokenValid: (token) => agent.staff.isValid(token),
      staffGid: await staffGroupId(agent.config.staffGroup),
    });
  }
  // Journal first: recovery wipes are queued before any source can queue anything.
  const recovered = agent.recover().then(() => {
    agent.markReady();
    log?.info('agent.ready', { dirty: journal.counts().dirty });
  });
  const started: SessionSource[] = [];
  for (const source of options.sources) {
    try {
      await source.start((event) => {
        try {
          agent.handleEvent(event);
        } catch (error) {
          log?.error('session.event-failed', { source: source.name, code: error instanceof TabulaError ? error.code : 'E_INTERNAL' });
        }
      });
      started.push(source);
    } catch {
      log?.error('source.failed', { source: source.name });
    }
  }
  log?.info('agent.started', { sources: started.length, patronAccounts: agent.config.accounts?.length ?? 0 });
  return {
    agent,
    ipc,
    recovered,
    stop: async () => {
      for (const s of started) await s.stop().catch(() => undefined);
      options.watcher?.stop();
      await ipc?.close();
      await agent.idle();
    },
  };
}

