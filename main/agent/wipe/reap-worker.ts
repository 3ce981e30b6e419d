/** Worker thread of the reaper: walks (counts, or counts and deletes) graveyard items with the same walkTree. */
import { parentPort } from 'node:worker_threads';
import { walkTree, type Identity } from './tree.js';

export interface WalkTask {
  path: string;
  dev: number;
  /** false: count only (the reaper then deletes with `rm`, see reap-rm.ts). */
  remove: boolean;
  overwrite: boolean;
  /** Pinned identities of the folder holding the item and of the item (see WalkOptions). */
  parent?: Identity;
  self?: Identity;
}

parentPort?.on('message', ({ index, task }: { index: number; task: WalkTask }) => {
  const result = walkTree(task.path, task.dev, task.remove, task.overwrite, { parent: task.parent, self: task.self });
  parentPort?.postMessage({ index, result });
});
