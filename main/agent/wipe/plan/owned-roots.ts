/**
 * Folders outside the home where the patron's own top-level entries are swept like those of the
 * shared temp folders (by owner uid, with lstat, never through a link): see `ownedRootsOf` in
 * config/targets.ts. An absent one holds nothing; one marked `leftoverOnly` (the per-user runtime
 * folder) is skipped while it is still a mount point, since logind's tmpfs there belongs to a live
 * session and is removed by logind itself at logout.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { OwnedRoot } from '../types.js';

export function isSweptOwnedRoot(root: OwnedRoot): boolean {
  let st;
  let parent;
  try {
    st = lstatSync(root.path);
    parent = lstatSync(path.dirname(root.path));
  } catch {
    return false;
  }
  if (!st.isDirectory()) return false; // a link or a file: nothing is followed
  return !(root.leftoverOnly && st.dev !== parent.dev);
}
