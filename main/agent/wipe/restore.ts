/** Restores baseline entries (reset mode) after the old ones were moved to the graveyard. */
import { chmodSync, constants, copyFileSync, lchownSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Baseline } from './baseline.js';

const isRoot = () => process.geteuid?.() === 0;

/** Creates `target` from the baseline entry `rel` (and, for a folder, everything below it). */
export function restoreEntry(baseline: Baseline, rel: string, target: string): number {
  const entry = baseline.entries[rel];
  if (!entry) return 0;
  let restored = 1;
  if (entry.type === 'file' && entry.sha256) {
    copyFileSync(path.join(baseline.blobDir, entry.sha256), target, constants.COPYFILE_EXCL); // never through a link
    chmodSync(target, entry.mode);
  } else if (entry.type === 'link' && entry.target !== undefined) {
    symlinkSync(entry.target, target);
  } else if (entry.type === 'dir') {
    mkdirSync(target, { mode: 0o700 });
    const prefix = `${rel}/`;
    for (const child of Object.keys(baseline.entries)) {
      if (child.startsWith(prefix) && !child.slice(prefix.length).includes('/')) {
        restored += restoreEntry(baseline, child, path.join(target, child.slice(prefix.length)));
      }
    }
    chmodSync(target, entry.mode); // after the children, so a read-only folder can be filled
  }
  if (isRoot()) lchownSync(target, entry.uid, entry.gid);
  return restored;
}
