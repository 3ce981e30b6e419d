/**
 * Finding a planned item again right before acting on it, and the name to act on.
 *
 * Linux: from the root pinned at planning (opened by its real path, dev:ino checked), the item's
 * folder is opened one component at a time by descriptor (beneath.ts), must be the planned folder
 * (dev:ino) on the root's mount, and the item is lstat'ed as `/proc/self/fd/<folder>/<name>`.
 * That name is what the executor renames, walks or restores into: a folder renamed or swapped
 * for a link anywhere above it, after this check, changes nothing the agent then does.
 *
 * macOS, Windows (no openat in Node): the item and its folder are re-checked by path (lstat,
 * dev:ino, type, realpath of the folder inside the root), and the path is used; tree.ts describes
 * the window that leaves.
 */
import { closeSync, lstatSync, realpathSync, type PathLike } from 'node:fs';
import path from 'node:path';
import { itemType } from '../plan/classify.js';
import { at, openDirAt, openRoot, same, segmentsBelow, type Identity, type PinnedDir } from '../fs/beneath.js';
import { TabulaError } from '../../base/errors.js';
import type { PlanItem } from '../types.js';

export interface Located {
  /** The name to act on: `/proc/self/fd/<folder>/<name>` on Linux, the item's path elsewhere. */
  from: PathLike;
  /** Linux: the item's folder, pinned (owned by the Anchors; valid until the next locate, acted or close). */
  parent?: PinnedDir;
  /** The last component of the item (bytes). */
  name: Buffer;
}

export type Found = Located | 'gone' | 'changed' | 'mount';

const errno = (error: unknown): string | undefined => (error as { code?: string }).code;
/** Open folders kept for items that share them (Downloads/*, a profile's files): a bound on descriptors. */
const MAX_PARENTS = 64;
/** Joins a root and its segments into a key of the open folders (a NUL is in no name). */
const KEY_SEPARATOR = '\0';

/** The descriptors one execute() pins: its roots and the folders of its items. */
export class Anchors {
  private readonly roots = new Map<string, PinnedDir>();
  private readonly parents = new Map<string, PinnedDir>();

  constructor(
    private readonly rootIds: ReadonlyMap<string, Identity>,
    private readonly anchored = process.platform === 'linux',
  ) {}

  /** Linux: the pinned root, opened once and checked against the plan's identity. Throws when it changed. */
  root(rootPath: string): PinnedDir {
    let dir = this.roots.get(rootPath);
    if (!dir) {
      const expected = this.rootIds.get(rootPath);
      if (!expected) throw new TabulaError('E_IDENTITY_CHANGED', 'root not pinned by the plan');
      dir = openRoot(rootPath, expected);
      this.roots.set(rootPath, dir);
    }
    return dir;
  }

  /** The item's folder, opened beneath its root and checked; 'gone' / 'changed' / 'mount' otherwise. */
  parentOf(item: PlanItem): { parent: PinnedDir; name: Buffer } | Exclude<Found, Located> {
    const segments = segmentsBelow(item.root, item.raw);
    const name = segments.pop();
    if (!name) return 'changed';
    const planned = { dev: item.parentDev, ino: item.parentIno };
    let parent: PinnedDir;
    try {
      parent = this.folder(item.root, segments);
      // A kept folder may have been swapped since it was opened: the way is then opened afresh.
      if (!same(parent, planned)) parent = this.folder(item.root, segments, true);
    } catch (error) {
      if (error instanceof TabulaError && error.code === 'E_MOUNT') return 'mount';
      return errno(error) === 'ENOENT' ? 'gone' : 'changed';
    }
    return same(parent, planned) ? { parent, name } : 'changed';
  }

  /**
   * The folder `segments` below the root: from the deepest folder on the way that is already
   * open, one component at a time (each a real folder on the root's mount, beneath.ts). The
   * folders opened on the way are kept for the next items (most share their first components).
   */
  private folder(rootPath: string, segments: readonly Buffer[], afresh = false): PinnedDir {
    const keys: string[] = [];
    let key = rootPath;
    for (const segment of segments) keys.push((key += KEY_SEPARATOR + segment.toString('latin1')));
    if (afresh) for (const k of keys) this.drop(k);
    let depth = segments.length;
    while (depth > 0 && !this.parents.has(keys[depth - 1] as string)) depth--;
    if (this.parents.size + segments.length - depth > MAX_PARENTS) {
      this.closeParents();
      depth = 0;
    }
    let current = depth > 0 ? (this.parents.get(keys[depth - 1] as string) as PinnedDir) : this.root(rootPath);
    for (; depth < segments.length; depth++) {
      current = openDirAt(current, segments[depth] as Buffer);
      this.parents.set(keys[depth] as string, current);
    }
    return current;
  }

  /**
   * After the item was moved or deleted: folders kept open at or below it are dropped, so that no
   * later item is found, or restored into, inside the graveyard by a descriptor taken before.
   */
  acted(item: PlanItem): void {
    if (item.type !== 'dir' || this.parents.size === 0) return;
    let key = item.root;
    for (const segment of segmentsBelow(item.root, item.raw)) key += KEY_SEPARATOR + segment.toString('latin1');
    for (const k of this.parents.keys()) if (k === key || k.startsWith(key + KEY_SEPARATOR)) this.drop(k);
  }

  private drop(key: string): void {
    const dir = this.parents.get(key);
    if (!dir) return;
    closeSync(dir.fd);
    this.parents.delete(key);
  }

  /** Re-checks, right before acting, that the item and its folder are what the plan saw. */
  locate(item: PlanItem): Found {
    if (!this.anchored) return byPath(item);
    const found = this.parentOf(item);
    if (typeof found === 'string') return found;
    const from = at(found.parent.fd, found.name);
    let st;
    try {
      st = lstatSync(from);
    } catch {
      if (item.type !== 'absent') return 'gone';
    }
    if (st && (item.type === 'absent' || st.dev !== item.dev || st.ino !== item.ino || itemType(st) !== item.type)) return 'changed';
    return { from, parent: found.parent, name: found.name };
  }

  private closeParents(): void {
    for (const dir of this.parents.values()) closeSync(dir.fd);
    this.parents.clear();
  }

  close(): void {
    this.closeParents();
    for (const dir of this.roots.values()) closeSync(dir.fd);
    this.roots.clear();
  }
}

function byPath(item: PlanItem): Found {
  let st;
  try {
    st = lstatSync(item.path);
  } catch {
    if (item.type !== 'absent') return 'gone';
  }
  if (st && (item.type === 'absent' || st.dev !== item.dev || st.ino !== item.ino || itemType(st) !== item.type)) return 'changed';
  const parent = path.dirname(item.path);
  try {
    const pst = lstatSync(parent);
    if (pst.dev !== item.parentDev || pst.ino !== item.parentIno || !pst.isDirectory()) return 'changed';
    const real = realpathSync.native(parent);
    if (real !== item.root && !real.startsWith(item.root + path.sep)) return 'changed';
  } catch {
    return 'changed';
  }
  return { from: item.path, name: Buffer.from(path.basename(item.path)) };
}
