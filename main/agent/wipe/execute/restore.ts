/**
 * Restores baseline entries (reset mode) after the old ones were moved to the graveyard.
 *
 * Linux: everything is created relative to the item's folder pinned by descriptor (place.ts), and
 * every change after creation goes through a descriptor of what was just created: a file is
 * created with O_CREAT | O_EXCL | O_NOFOLLOW and filled, chmod'ed and chown'ed through its own
 * descriptor; a folder is made, opened with O_NOFOLLOW, checked to be the agent's new folder and
 * filled through that descriptor. A patron who swaps the folder or the new entry for a link
 * while this runs reaches nothing: the swap is refused (E_IDENTITY_CHANGED), never followed.
 * A restored link is chown'ed with lchown only if its name still holds the link just made.
 *
 * macOS, Windows: by path (no openat in Node), with COPYFILE_EXCL (never through a link).
 */
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Baseline, BaselineEntry } from '../baseline.js';
import { at, openDirAt, same, type PinnedDir } from '../fs/beneath.js';
import { TabulaError } from '../../base/errors.js';

const isRoot = () => process.geteuid?.() === 0;
const euid = () => process.geteuid?.() ?? -1;

/** Where the entry is created: a name in a pinned folder (Linux), or a path. */
export type RestorePlace = { dir: PinnedDir; name: Buffer } | { path: string };

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function childrenOf(baseline: Baseline, rel: string): string[] {
  const prefix = `${rel}/`;
  return Object.keys(baseline.entries).filter((c) => c.startsWith(prefix) && !c.slice(prefix.length).includes('/'));
}

/**
 * Creates the entry from the baseline entry `rel` (and, for a folder, everything below it).
 * `made` collects the relative paths created (Windows: their owner and ACL are applied after, restore-acl.ts).
 */
export function restoreEntry(baseline: Baseline, rel: string, place: RestorePlace, made?: string[]): number {
  const entry = baseline.entries[rel];
  if (!entry) return 0;
  return 'dir' in place
    ? restoreAt(baseline, rel, entry, place.dir, place.name, made)
    : restorePath(baseline, rel, entry, place.path, made);
}

function restoreAt(baseline: Baseline, rel: string, entry: BaselineEntry, dir: PinnedDir, name: Buffer, created?: string[]): number {
  const target = at(dir.fd, name);
  let restored = 1;
  created?.push(rel);
  if (entry.type === 'file' && entry.sha256) {
    const fd = openSync(target, CREATE, 0o600);
    try {
      const data = readFileSync(path.join(baseline.blobDir, entry.sha256));
      for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off);
      fchmodSync(fd, entry.mode);
      if (isRoot()) fchownSync(fd, entry.uid, entry.gid);
    } finally {
      closeSync(fd);
    }
  } else if (entry.type === 'link' && entry.target !== undefined) {
    symlinkSync(entry.target, target);
    if (isRoot()) {
      const made = lstatSync(target);
      if (!made.isSymbolicLink() || made.uid !== euid()) throw new TabulaError('E_IDENTITY_CHANGED');
      lchownSync(target, entry.uid, entry.gid);
    }
  } else if (entry.type === 'dir') {
    mkdirSync(target, { mode: 0o700 });
    const made = openDirAt(dir, name); // a link swapped in is refused (O_NOFOLLOW), another folder by the owner check
    try {
      if (made.stat.uid !== euid() || !same(lstatSync(target), made)) throw new TabulaError('E_IDENTITY_CHANGED');
      for (const child of childrenOf(baseline, rel)) {
        restored += restoreEntry(baseline, child, { dir: made, name: Buffer.from(child.slice(rel.length + 1)) }, created);
      }
      fchmodSync(made.fd, entry.mode); // after the children, so a read-only folder can be filled
      if (isRoot()) fchownSync(made.fd, entry.uid, entry.gid);
      if (fstatSync(made.fd).nlink === 0) throw new TabulaError('E_IDENTITY_CHANGED');
    } finally {
      closeSync(made.fd);
    }
  }
  return restored;
}

function restorePath(baseline: Baseline, rel: string, entry: BaselineEntry, target: string, made?: string[]): number {
  let restored = 1;
  if (entry.type === 'file' && entry.sha256) {
    copyFileSync(path.join(baseline.blobDir, entry.sha256), target, constants.COPYFILE_EXCL); // never through a link
    chmodSync(target, entry.mode);
  } else if (entry.type === 'link' && entry.target !== undefined) {
    symlinkSync(entry.target, target);
  } else if (entry.type === 'dir') {
    mkdirSync(target, { mode: 0o700 });
    made?.push(rel);
    for (const child of childrenOf(baseline, rel)) {
      restored += restoreEntry(baseline, child, { path: path.join(target, child.slice(rel.length + 1)) }, made);
    }
    chmodSync(target, entry.mode);
  }
  if (entry.type !== 'dir') made?.push(rel);
  if (isRoot()) lchownSync(target, entry.uid, entry.gid);
  return restored;
}
