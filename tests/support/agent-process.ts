/**
 * The real agent as a separate process (`node dist/main/cli.js agent`), with its own state dir
 * and config, and a status prober that measures how long the local channel takes to answer
 * while the agent works.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callAgent } from '../../main/agent/ipc/client.js';
import type { AgentStatus, WipeProgressInfo } from '../../protocol/ipc.js';
import type { PatronHome } from './patron-home.js';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/cli.js');

export function startAgentProcess(stateDir: string, configFile: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, 'agent', '--state', stateDir, '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
}

export async function stopAgentProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

export async function waitStatus(stateDir: string, until: (s: AgentStatus) => boolean, ms = 60_000): Promise<AgentStatus> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await callAgent(stateDir, { type: 'status' }, { timeoutMs: 2000 });
      if (r.ok && until(r.result as AgentStatus)) return r.result as AgentStatus;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error('agent did not reach the expected state');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A home with many top-level items: `downloads` files in Downloads (each one plan item, one
 * rename) and one Firefox cache folder of `cacheFiles` entries (one item, a deep reap).
 */
export function manyItemsHome(p: PatronHome, marker: string, downloads = 20_000, cacheFiles = 10_000): void {
  const dl = path.join(p.home, 'Downloads');
  for (let i = 0; i < downloads; i++) writeFileSync(path.join(dl, `f${i}.bin`), `download ${i} ${marker}`);
  const entries = path.join(p.home, '.cache', 'mozilla', 'firefox', 'abcd.default-release', 'cache2', 'entries');
  mkdirSync(entries, { recursive: true });
  for (let i = 0; i < cacheFiles; i++) writeFileSync(path.join(entries, `E${i.toString(16).padStart(8, '0')}`), `cache ${marker}`);
  writeFileSync(path.join(p.temp, `${marker}.tmp`), marker);
}

export interface StatusSample {
  /** ms from sending the request to its answer. */
  latencyMs: number;
  /** performance.now() when the answer arrived. */
  at: number;
  phase: WipeProgressInfo['phase'] | null;
  done: number;
  total: number;
}

/**
 * Sends `status` requests one after another (a new connection each, `gapMs` apart) until
 * `stop()` is called; returns every answer with its latency. A request without an answer
 * within `timeoutMs` counts as a sample of that latency with phase null.
 */
export function probeStatus(stateDir: string, gapMs = 5, timeoutMs = 60_000): { stop: () => Promise<StatusSample[]> } {
  const samples: StatusSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      try {
        const r = await callAgent(stateDir, { type: 'status' }, { timeoutMs });
        const at = performance.now();
        const current = r.ok ? (r.result as AgentStatus).current : null;
        samples.push({ latencyMs: at - sent, at, phase: current?.phase ?? null, done: current?.done ?? 0, total: current?.total ?? 0 });
      } catch {
        samples.push({ latencyMs: performance.now() - sent, at: performance.now(), phase: null, done: 0, total: 0 });
      }
      await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Samples that show the agent answering in the middle of planning or moving. */
export function midMoveAnswers(samples: StatusSample[]): StatusSample[] {
  return samples.filter((s) => s.phase === 'planning' || (s.phase === 'moving' && s.done < s.total));
}
