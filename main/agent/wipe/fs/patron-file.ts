/**
 * The one way the root agent reads a file from a patron-writable tree (Firefox `profiles.ini`,
 * `user-dirs.dirs`, the reset planner's content comparison). A patron program may swap the file
 * at any moment, so it is opened without following a link (O_NOFOLLOW), without blocking
 * (O_NONBLOCK: a FIFO swapped in opens at once and is then refused; no open ever waits for a
 * writer) and without becoming a controlling terminal (O_NOCTTY), checked on the open descriptor
 * to be a regular file, and read with a size limit, so no file can make the agent hang, follow a
 * link elsewhere or run out of memory.
 *
 * Given the pinned root the file lies below (`anchor`), on Linux every folder on the way is opened
 * by descriptor from that root (beneath.ts), so a folder above the file swapped for a link cannot
 * redirect the open either; without an anchor only the last component is protected.
 * On Windows Node has no O_NOFOLLOW/O_NONBLOCK: the file is lstat'ed first and checked again on
 * the descriptor, which leaves a race window for a reparse point but never blocks (Windows has no
 * FIFOs in the file namespace).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { at, openBeneath, openPatronFile, openRoot, READ_FLAGS, segmentsBelow, type PinnedDir } from './beneath.js';
import { TabulaError } from '../../base/errors.js';

/** The largest patron file read (1 MiB): far above any real profiles.ini or user-dirs.dirs. */
export const PATRON_FILE_MAX_BYTES = 1024 * 1024;

export type PatronFileFailure =
  /** Nothing there (ENOENT/ENOTDIR): not a failure of the wipe. */
  | 'missing'
  /** A link, FIFO, socket, device or folder: refused, never followed or opened for reading. */
  | 'not-regular'
  /** Larger than the limit (checked on the descriptor and while reading). */
  | 'too-large'
  /** Held open by another program without sharing (EBUSY: a Windows sharing violation, a loaded hive). */
  | 'locked'
  /** Any other error (permissions, I/O). */
  | 'unreadable';

/** The inode and change time of a file that was read, from its descriptor before the read. */
export interface ReadIdentity {
  ino: number;
  ctimeMs: number;
}

/** `errno`: for `unreadable` and `locked`, the OS error's code (EACCES, EIO …), for counting; never its message. */
export type PatronFileResult =
  { ok: true; data: Buffer; identity?: ReadIdentity } | { ok: false; failure: PatronFileFailure; errno?: string };

const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** The pinned root a patron file lies below (its real path; its identity when known). */
export interface PatronFileAnchor {
  path: string;
  dev?: number;
  ino?: number;
}

function failed(error: unknown): { ok: false; failure: PatronFileFailure; errno?: string } {
  const failure = failureOf(error);
  const errno = (error as { code?: unknown } | null)?.code;
  return {
    ok: false,
    failure,
    ...((failure === 'unreadable' || failure === 'locked') && typeof errno === 'string' && !(error instanceof TabulaError)
      ? { errno }
      : {}),
  };
}

function failureOf(error: unknown): PatronFileFailure {
  // beneath.ts: a folder on the way, or the file, is not what it must be (a link, a swap, a FIFO).
  if (error instanceof TabulaError) return error.code === 'E_IDENTITY_CHANGED' ? 'not-regular' : 'unreadable';
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  // ELOOP: O_NOFOLLOW met a link; ENXIO: a socket; EISDIR: a folder.
  if (code === 'EBUSY' || code === 'ETXTBSY') return 'locked';
  if (code === 'ELOOP' || code === 'ENXIO' || code === 'EISDIR' || code === 'EMLINK' || code === 'EFTYPE') return 'not-regular';
  return 'unreadable';
}

function openFile(file: string, anchor: PatronFileAnchor | undefined): number {
  if (process.platform === 'linux' && anchor) {
    const id = anchor.dev !== undefined && anchor.ino !== undefined ? { dev: anchor.dev, ino: anchor.ino } : undefined;
    return openPatronFile(anchor.path, id, file);
  }
  if (process.platform === 'win32' && !lstatSync(file).isFile()) throw new TabulaError('E_IDENTITY_CHANGED');
  return openSync(file, FLAGS);
}

/** Reads a patron file: at most `maxBytes`, never through a link, never blocking; anchored on `anchor` when given. */
export function readPatronFile(file: string, maxBytes = PATRON_FILE_MAX_BYTES, anchor?: PatronFileAnchor): PatronFileResult {
  let fd: number;
  try {
    fd = openFile(file, anchor);
  } catch (error) {
    return failed(error);
  }
  return readOpened(fd, maxBytes);
}

/** Reads an opened patron file (then closes it): a regular file of at most `maxBytes`. */
function readOpened(fd: number, maxBytes: number): PatronFileResult {
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, failure: 'not-regular' };
    if (st.size > maxBytes) return { ok: false, failure: 'too-large' };
    // Read until the end, but never more than one byte past the limit (a file that grew since the fstat).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - length, 0) + 1, maxBytes + 1 - length, 64 * 1024));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) return { ok: false, failure: 'too-large' };
    }
    return { ok: true, data: Buffer.concat(chunks, length), identity: { ino: st.ino, ctimeMs: st.ctimeMs } };
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}

/** How many pinned folders a reader keeps open (the folders a walk is inside, and a few more). */
const KEPT_FOLDERS = 32;

/**
 * readPatronFile for many files below one root (the reset planner's comparison of a whole home):
 * on Linux each folder is opened anchored from the root once and kept (up to KEPT_FOLDERS), and
 * its files are opened relative to that descriptor — one open per file instead of one per path
 * component. Same guarantees: no link followed, every folder on the root's mount, a regular file
 * of at most `maxBytes`. Elsewhere it is readPatronFile. `close()` releases the folders.
 */
export function patronFileReader(): { read: typeof readPatronFile; close: () => void } {
  const folders = new Map<string, PinnedDir>();
  let root: { key: string; dir: PinnedDir } | undefined;
  const close = () => {
    for (const dir of folders.values()) closeSync(dir.fd);
    folders.clear();
    if (root) closeSync(root.dir.fd);
    root = undefined;
  };
  const folderOf = (anchor: PatronFileAnchor, segments: Buffer[]): PinnedDir => {
    const rootKey = `${anchor.path}\0${anchor.dev}:${anchor.ino}`;
    if (root?.key !== rootKey) {
      close();
      const id = anchor.dev !== undefined && anchor.ino !== undefined ? { dev: anchor.dev, ino: anchor.ino } : undefined;
      root = { key: rootKey, dir: openRoot(anchor.path, id) };
    }
    const key = Buffer.concat(segments.map((s) => Buffer.concat([s, Buffer.from([0])]))).toString('latin1');
    const kept = folders.get(key);
    if (kept) {
      folders.delete(key); // most recently used last
      folders.set(key, kept);
      return kept;
    }
    const dir = openBeneath(root.dir, segments);
    folders.set(key, dir);
    if (folders.size > KEPT_FOLDERS) {
      const [oldest, old] = folders.entries().next().value as [string, PinnedDir];
      folders.delete(oldest);
      closeSync(old.fd);
    }
    return dir;
  };
  const read = (file: string, maxBytes = PATRON_FILE_MAX_BYTES, anchor?: PatronFileAnchor): PatronFileResult => {
    if (process.platform !== 'linux' || !anchor) return readPatronFile(file, maxBytes, anchor);
    let fd: number;
    try {
      const segments = segmentsBelow(path.resolve(anchor.path), file);
      if (segments.length === 0) throw new TabulaError('E_IDENTITY_CHANGED', 'no file name');
      const dir = folderOf(anchor, segments.slice(0, -1));
      fd = openSync(at(dir.fd, segments[segments.length - 1] as Buffer), READ_FLAGS);
    } catch (error) {
      return failed(error);
    }
    return readOpened(fd, maxBytes);
  };
  return { read, close };
}

/** The patron file as UTF-8 text, or its failure. */
export function readPatronText(
  file: string,
  maxBytes = PATRON_FILE_MAX_BYTES,
  anchor?: PatronFileAnchor,
): { ok: true; text: string } | { ok: false; failure: PatronFileFailure } {
  const r = readPatronFile(file, maxBytes, anchor);
  return r.ok ? { ok: true, text: r.data.toString('utf8') } : r;
}

/** Every line of `text`, in one linear pass (no array of all lines: a file of newlines stays cheap). */
export function* linesOf(text: string): Generator<string> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
  }
}
