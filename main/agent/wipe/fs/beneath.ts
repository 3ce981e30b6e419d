/**
 * Linux: folders pinned by open descriptors, and names acted on relative to them.
 *
 * A patron's program may rename any folder it can write, or swap it for a link, between the
 * agent's check and its use. So inside a patron tree the agent never resolves a path string
 * twice: it opens the root once (O_DIRECTORY | O_NOFOLLOW, dev:ino checked against the pinned
 * root), then each folder below it one component at a time through `/proc/self/fd/<fd>/<name>`
 * (the same flags, fstat'ed: a folder, on the root's mount — compared by mount ID, since a bind
 * mount of the same disk has the same st_dev). `/proc/self/fd/<fd>` names the opened inode, not a
 * path, and lstat, rename, unlink, mkdir and open(O_NOFOLLOW | O_CREAT | O_EXCL) never follow the
 * last component, so what is acted on is always the entry of that very folder.
 *
 * Names are bytes (Buffer): a name that is not UTF-8 (an ordinary Windows zip unpacked) is
 * reached exactly. Nothing here builds a message from a path or a name.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { TabulaError } from '../../base/errors.js';

export const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** A patron file read by the agent: no link followed, and a FIFO or device never blocks the open. */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type Name = string | Buffer;

export interface Identity {
  dev: number;
  ino: number;
}

export const same = (a: Identity, b: Identity): boolean => a.dev === b.dev && a.ino === b.ino;
export const fdPath = (fd: number): string => `/proc/self/fd/${fd}`;
/** `/proc/self/fd/<fd>/<name>` as bytes: `name` is one path component, never followed when last. */
export const at = (fd: number, name: Name): Buffer => Buffer.concat([Buffer.from(`${fdPath(fd)}/`), Buffer.from(name)]);
/** A path naming a pinned folder by descriptor (`/proc/self/fd/<n>`), as the executor gives the reaper. */
export const FD_DIR = /^\/proc\/self\/fd\/\d+$/;

const SLASH = 0x2f;

/** Splits a path (string or bytes) at its last `/` into folder and last component, both as bytes. */
export function splitLast(p: Name): { dir: Buffer; name: Buffer } {
  const b = Buffer.from(p);
  const cut = b.lastIndexOf(SLASH);
  return { dir: cut <= 0 ? Buffer.from('/') : b.subarray(0, cut), name: b.subarray(cut + 1) };
}

/** The components of `p` below `root` (`p` must start with `root` + '/'), as bytes; [] for the root itself. */
export function segmentsBelow(root: string, p: Name): Buffer[] {
  const b = Buffer.from(p);
  const r = Buffer.from(root);
  if (b.equals(r)) return [];
  if (b.length <= r.length || !b.subarray(0, r.length).equals(r) || b[r.length] !== SLASH) {
    throw new TabulaError('E_IDENTITY_CHANGED', 'not below its root');
  }
  const out: Buffer[] = [];
  let start = r.length + 1;
  for (let i = start; i <= b.length; i++) {
    if (i === b.length || b[i] === SLASH) {
      if (i > start) out.push(b.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

/** The mount ID of an open descriptor (`mnt_id:` in /proc/self/fdinfo), or undefined without /proc. */
export function mountIdOf(fd: number): number | undefined {
  try {
    const m = /^mnt_id:\s*(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** /proc/self/fd/<fd> must name the inode of <fd> itself (proc mounted and working). */
function procWorks(dir: PinnedDir): boolean {
  try {
    return same(statSync(fdPath(dir.fd)), dir);
  } catch {
    return false;
  }
}

/** A folder held open: its descriptor, identity and mount. */
export interface PinnedDir extends Identity {
  fd: number;
  mnt: number | undefined;
  stat: Stats;
}

/** A swapped-in link or non-folder where a folder was opened by name is an identity change. */
function openError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  return code === 'ELOOP' || code === 'ENOTDIR' ? new TabulaError('E_IDENTITY_CHANGED') : error;
}

function pin(fd: number, expected: Identity | undefined, mnt: number | undefined): PinnedDir {
  try {
    const st = fstatSync(fd);
    if (!st.isDirectory() || (expected && !same(st, expected))) throw new TabulaError('E_IDENTITY_CHANGED');
    const own = mountIdOf(fd);
    if (mnt !== undefined && own !== mnt) throw new TabulaError('E_MOUNT');
    return { fd, dev: st.dev, ino: st.ino, mnt: own, stat: st };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Opens a root folder by its pinned real path; it must still be the inode pinned at planning.
 * Its own ancestors are not patron-writable (roots.ts refuses such homes), so the path is used once.
 */
export function openRoot(p: string, expected?: Identity): PinnedDir {
  let fd: number;
  try {
    fd = openSync(p, DIR_FLAGS);
  } catch (error) {
    throw openError(error);
  }
  const dir = pin(fd, expected, undefined);
  if (!procWorks(dir)) {
    closeSync(dir.fd);
    throw new TabulaError('E_UNSUPPORTED', '/proc is needed to act relative to folder descriptors');
  }
  return dir;
}

/** Opens the folder `name` of the pinned folder `parent`: no link followed, on `parent`'s mount unless `anyMount`. */
export function openDirAt(parent: PinnedDir, name: Name, expected?: Identity, anyMount = false): PinnedDir {
  let fd: number;
  try {
    fd = openSync(at(parent.fd, name), DIR_FLAGS);
  } catch (error) {
    throw openError(error);
  }
  return pin(fd, expected, anyMount ? undefined : parent.mnt);
}

/**
 * Opens the folder reached from `root` by `segments`, one component at a time; every step a real
 * folder on the root's mount. The caller closes the result (never `root`).
 */
export function openBeneath(root: PinnedDir, segments: readonly Name[], expected?: Identity): PinnedDir {
  let current = root;
  try {
    segments.forEach((segment, i) => {
      const next = openDirAt(current, segment, i === segments.length - 1 ? expected : undefined);
      if (current !== root) closeSync(current.fd);
      current = next;
    });
  } catch (error) {
    if (current !== root) closeSync(current.fd);
    throw error;
  }
  if (current === root && expected && !same(root, expected)) throw new TabulaError('E_IDENTITY_CHANGED');
  return current === root ? { ...root, fd: openSync(`${fdPath(root.fd)}/.`, DIR_FLAGS) } : current;
}

/**
 * Opens a patron file for reading below a pinned root: folders by descriptor, the file itself
 * with O_NOFOLLOW | O_NONBLOCK (a link fails, a FIFO swapped in cannot block), and it must be a
 * regular file (fstat on the opened descriptor). Returns the descriptor; the caller reads it with
 * its own size limit and closes it. Throws E_IDENTITY_CHANGED for anything else in its place.
 */
export function openFileBeneath(root: PinnedDir, segments: readonly Name[]): number {
  if (segments.length === 0) throw new TabulaError('E_IDENTITY_CHANGED', 'no file name');
  const dir = openBeneath(root, segments.slice(0, -1));
  try {
    let fd: number;
    try {
      fd = openSync(at(dir.fd, segments[segments.length - 1] as Name), READ_FLAGS);
    } catch (error) {
      throw openError(error);
    }
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      throw new TabulaError('E_IDENTITY_CHANGED', 'not a regular file');
    }
    return fd;
  } finally {
    closeSync(dir.fd);
  }
}

/** openFileBeneath from a root path (pinned real path and identity) and an absolute path below it. */
export function openPatronFile(rootPath: string, rootId: Identity | undefined, file: Name): number {
  const root = openRoot(rootPath, rootId);
  try {
    return openFileBeneath(root, segmentsBelow(path.resolve(rootPath), file));
  } finally {
    closeSync(root.fd);
  }
}
