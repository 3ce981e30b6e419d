/** A reap job, the walk task it becomes, and the two worker threads that walk tasks in parallel. */
import { Worker } from 'node:worker_threads';
import type { TreeResult } from '../fs/tree.js';
import type { WalkTask } from './reap-worker.js';

const WORKERS = 2;

export interface ReapJob {
  path: string;
  dev: number;
  overwrite: boolean;
  /**
   * Identity of the graveyard folder holding the item, from its creation. Only such items go to
   * `rm`, which runs inside that folder after checking it is still the same (reap-rm.ts).
   */
  graveyard?: { dev: number; ino: number };
  /** Identity of the item itself (the inode that was moved, or a checked leftover graveyard). */
  self?: { dev: number; ino: number };
}

/** The walk of a job: anchored on (Linux) or re-checked against (elsewhere) its graveyard and itself. */
export function walkTask(job: ReapJob, remove: boolean, overwrite = job.overwrite): WalkTask {
  return { path: job.path, dev: job.dev, remove, overwrite, parent: job.graveyard, self: job.self };
}

/** Worker threads that walk tasks in parallel; results in task order. */
export class WalkPool {
  private readonly workers: Worker[] = [];

  constructor(private readonly size = WORKERS) {}

  run(tasks: WalkTask[], onEach?: (index: number, result: TreeResult) => void): Promise<TreeResult[]> {
    const results: TreeResult[] = new Array(tasks.length);
    if (tasks.length === 0) return Promise.resolve(results);
    while (this.workers.length < Math.min(this.size, tasks.length)) {
      this.workers.push(new Worker(new URL('./reap-worker.js', import.meta.url)));
    }
    let next = 0;
    let done = 0;
    return new Promise<TreeResult[]>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      const finish = (error?: unknown) => {
        for (const c of cleanups) c();
        if (error) reject(error);
        else resolve(results);
      };
      for (const worker of this.workers) {
        const feed = () => {
          if (next >= tasks.length) return;
          const index = next++;
          worker.postMessage({ index, task: tasks[index] });
        };
        const onMessage = ({ index, result }: { index: number; result: TreeResult }) => {
          results[index] = result;
          onEach?.(index, result);
          if (++done === tasks.length) finish();
          else feed();
        };
        worker.on('message', onMessage);
        worker.on('error', finish);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('error', finish);
        });
        feed();
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}
