/** Worker thread of the reaper: deletes graveyard items with the same walkTree, posts exact counts. */
import { parentPort } from 'node:worker_threads';
import { walkTree } from './tree.js';

export interface ReapJob {
  index: number;
  path: string;
  dev: number;
  overwrite: boolean;
}

parentPort?.on('message', (job: ReapJob) => {
  const result = walkTree(job.path, job.dev, true, job.overwrite);
  parentPort?.postMessage({ index: job.index, result });
});
