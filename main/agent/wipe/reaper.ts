/**
 * Deletes graveyard items on two worker threads, so a large wipe uses both cores and the
 * service's event loop stays free. Each worker runs the same walkTree (lstat only, no link
 * followed, no filesystem crossed) and returns exact counts per item.
 */
import { Worker } from 'node:worker_threads';
import type { ReapJob } from './reap-worker.js';
import { walkTree, type TreeResult } from './tree.js';

const WORKERS = 2;

export async function reap(jobs: Omit<ReapJob, 'index'>[], onDone?: (done: number) => void): Promise<TreeResult[]> {
  const results: TreeResult[] = new Array(jobs.length);
  if (jobs.length < 2) {
    jobs.forEach((job, i) => {
      results[i] = walkTree(job.path, job.dev, true, job.overwrite);
      onDone?.(i + 1);
    });
    return results;
  }
  let next = 0;
  let done = 0;
  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./reap-worker.js', import.meta.url));
    const feed = () => {
      if (next >= jobs.length) {
        void worker.terminate().then(() => resolve());
        return;
      }
      const index = next++;
      worker.postMessage({ ...jobs[index], index });
    };
    worker.on('message', ({ index, result }: { index: number; result: TreeResult }) => {
      results[index] = result;
      onDone?.(++done);
      feed();
    });
    worker.on('error', reject);
    feed();
  });
  await Promise.all(Array.from({ length: Math.min(WORKERS, jobs.length) }, runWorker));
  return results;
}
