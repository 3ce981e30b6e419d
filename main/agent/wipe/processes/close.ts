/**
 * Close a patron's running browsers before a wipe: list processes, select the ones that belong to
 * the browser in the patron's session (findBrowsers), ask them to quit, then force them (close).
 * Returns counts only.
 */
import type { ErrorCode } from '../../../../protocol/error-codes.js';
import type { Platform } from '../../catalog/schema.js';
import { listProcesses, run } from './list.js';
import type { ProcessInfo } from './process-info.js';
import { selectBrowserProcesses } from './select.js';

export interface CloseOptions {
  platform: Platform;
  processNames: string[];
  uid?: number;
  user?: string;
  home: string;
  graceMs?: number;
  killMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Identity across polls: pid + start time (Linux; comm changes, e.g. firefox children rename), else pid + name. */
const key = (p: ProcessInfo): string => (p.start ? `${p.pid}/${p.start}` : `${p.pid}/${p.comm.toLowerCase()}`);

async function signal(platform: Platform, pids: number[], forced: boolean): Promise<void> {
  if (platform === 'win32') {
    await Promise.all(
      pids.map((pid) =>
        run('taskkill', forced ? ['/F', '/T', '/PID', String(pid)] : ['/PID', String(pid)], { windowsHide: true }).catch(() => undefined),
      ),
    );
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(pid, forced ? 'SIGKILL' : 'SIGTERM');
    } catch {
      /* gone or not ours: counted later */
    }
  }
}

/** The patron's running browsers as one listing found them: nothing has been signalled yet. */
export interface RunningBrowsers {
  count: number;
  /** Asks them to quit, forces what is left; counts only. */
  close: () => Promise<{ closed: number; remaining: number }>;
}

/**
 * Lists the patron's running browsers (nothing is signalled). `close()` then asks them to quit
 * (SIGTERM / taskkill), waits up to graceMs, forces what is left (SIGKILL / taskkill /F /T) and
 * waits up to killMs.
 */
export async function findBrowsers(opts: CloseOptions): Promise<RunningBrowsers> {
  const select = async (verbose: boolean) => {
    try {
      // Only the patron's own processes can be selected (selectBrowserProcesses): the others are read briefly.
      const all = await listProcesses(opts.platform, { verbose, uid: opts.uid });
      return { all, mine: selectBrowserProcesses(all, opts) };
    } catch {
      throw Object.assign(new Error('The process list could not be read.'), { code: 'E_BROWSER_RUNNING' satisfies ErrorCode });
    }
  };
  const first = await select(true);
  return { count: first.mine.length, close: () => closeFound(opts, first.mine, select) };
}

/** findBrowsers, then close what it found. */
export async function closeBrowsers(opts: CloseOptions): Promise<{ closed: number; remaining: number }> {
  return (await findBrowsers(opts)).close();
}

async function closeFound(
  opts: CloseOptions,
  found: ProcessInfo[],
  select: (verbose: boolean) => Promise<{ all: ProcessInfo[]; mine: ProcessInfo[] }>,
): Promise<{ closed: number; remaining: number }> {
  const { platform, graceMs = 5000, killMs = 3000, pollMs = 100 } = opts;
  const seen = new Map<string, ProcessInfo>();
  const alive = (all: ProcessInfo[]) => {
    const now = new Set(all.map(key));
    return [...seen.values()].filter((p) => now.has(key(p)));
  };
  const waitGone = async (ms: number): Promise<ProcessInfo[]> => {
    const end = Date.now() + ms;
    for (;;) {
      const left = alive((await select(false)).all);
      if (left.length === 0 || Date.now() >= end) return left;
      await sleep(pollMs);
    }
  };

  for (const p of found) seen.set(key(p), p);
  if (seen.size === 0) return { closed: 0, remaining: 0 };
  // Graceful: the top of each tree first, so the browser can shut its children down itself.
  const tops = found.filter((p) => !found.some((q) => q.pid === p.ppid));
  await signal(
    platform,
    (tops.length ? tops : found).map((p) => p.pid),
    false,
  );
  let left = await waitGone(graceMs);
  // Forced: whatever is left, plus any browser process started meanwhile.
  const again = await select(true);
  for (const p of again.mine) seen.set(key(p), p);
  left = alive(again.all);
  if (left.length) {
    await signal(
      platform,
      left.map((p) => p.pid),
      true,
    );
    left = await waitGone(killMs);
  }
  return { closed: seen.size - left.length, remaining: left.length };
}
