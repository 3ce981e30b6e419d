/** Worker thread of the reaper: walks (counts, or counts and deletes) graveyard items with the same walkTree. */
import { parentPort } from 'node:worker_threads';
import { walkTree, type Identity } from '../fs/tree.js';

export interface WalkTask {
  /** A path, or its exact bytes (names that are not UTF-8; a Buffer arrives here as a Uint8Array). */
  path: string | Uint8Array;
  dev: number;
  /** false: count only (the reaper then deletes with `rm`, see reap-rm.ts). */
  remove: boolean;
  overwrite: boolean;
  /** Pinned identities of the folder holding the item and of the item (see WalkOptions). */
  parent?: Identity;
  self?: Identity;
}

parentPort?.on('message', ({ index, task }: { index: number; task: WalkTask }) => {
  const result = walkTree(typeof task.path === 'string' ? task.path : Buffer.from(task.path), task.dev, task.remove, task.overwrite, {
    parent: task.parent,
    self: task.self,
  });
  parentPort?.postMessage({ index, result });
});
