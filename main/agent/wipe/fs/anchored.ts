/**
 * Linux: the walk anchored on open directory descriptors, as fts and `rm` do it.
 *
 * Every directory is opened with O_DIRECTORY | O_NOFOLLOW and fstat'ed; it must be the very
 * inode (dev:ino) that the lstat which chose it saw, on the walk's device and on the very mount
 * of the folder the walk started in (mount ID from /proc/self/fdinfo: a bind mount of the same
 * disk has the same st_dev, and is never entered). Its
 * children are then reached only through `/proc/self/fd/<fd>/<name>`, `<name>` being one path
 * component: lstat, unlink, rmdir and open never follow that last component, and
 * `/proc/self/fd/<fd>` names the opened inode, not a path. So renaming the graveyard, swapping
 * it or any ancestor or subfolder for a link, while the walk runs, cannot send a deletion
 * anywhere else: what was swapped in is unlinked as a link or left alone (E_IDENTITY_CHANGED).
 * A folder is removed only if its name still holds the folder just emptied.
 *
 * Depth-first, one descriptor per level, closed before its folder is removed. Without a working
 * /proc the walk refuses (E_UNSUPPORTED, nothing touched): there is no fallback to path strings.
 * Names are read and used as bytes, so a name that is not UTF-8 is removed like any other. The
 * item may be given as `/proc/self/fd/<n>/<name>` (a folder the caller pinned by descriptor).
 */
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import type { ErrorCode } from '../../../../protocol/error-codes.js';
import { at, FD_DIR, fdPath, mountIdOf, same, splitLast, type Name } from './beneath.js';
import { codeOf, TabulaError } from '../../base/errors.js';
import type { TreeResult, WalkOptions } from './walk-types.js';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const FILE_FLAGS = constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

const errno = (error: unknown): string | undefined => (error as { code?: string }).code;

/** A swapped-in link or non-folder where a folder was opened by name. */
function openFailure(error: unknown): ErrorCode {
  const code = errno(error);
  return code === 'ELOOP' || code === 'ENOTDIR' ? 'E_IDENTITY_CHANGED' : codeOf(error);
}

/** /proc/self/fd/<fd> must name the inode of <fd> itself (proc mounted and working). */
function procWorks(fd: number, st: Stats): boolean {
  try {
    return same(statSync(fdPath(fd)), st);
  } catch {
    return false;
  }
}

/**
 * Zeroes a regular file with a single link before it is unlinked, opened through its anchored
 * name without following it (O_NONBLOCK: a FIFO swapped in fails instead of blocking). The
 * opened file must be the one lstat saw; one given another hard link meanwhile is only unlinked.
 */
/** Writes `size` zero bytes over an open file from its start, then fsyncs it. */
export function zeroFill(fd: number, size: number): void {
  const zeros = Buffer.alloc(Math.min(size, 1 << 20));
  for (let offset = 0; offset < size; offset += zeros.length) {
    writeSync(fd, zeros, 0, Math.min(zeros.length, size - offset), offset);
  }
  fsyncSync(fd);
}

function overwriteAt(p: Buffer, st: Stats): void {
  if (!st.isFile() || st.size === 0 || st.nlink !== 1) return;
  const fd = openSync(p, FILE_FLAGS);
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile() || !same(fst, st)) throw new TabulaError('E_IDENTITY_CHANGED');
    if (fst.nlink !== 1) return;
    zeroFill(fd, fst.size);
  } finally {
    closeSync(fd);
  }
}

export function walkAnchored(p: Name, rootDev: number, remove: boolean, overwrite: boolean, options: WalkOptions = {}): TreeResult {
  const result: TreeResult = { items: 0, bytes: 0, failures: [] };
  const fail = (code: ErrorCode) => result.failures.push(code);
  const { dir, name: itemName } = splitLast(p);
  let top: number;
  let mount: number | undefined;
  try {
    // A folder pinned by descriptor is re-opened through it (`/.`: the magic link itself is not a folder).
    top = openSync(FD_DIR.test(dir.toString('latin1')) ? Buffer.concat([dir, Buffer.from('/.')]) : dir, DIR_FLAGS);
  } catch (error) {
    if (errno(error) !== 'ENOENT') fail(openFailure(error));
    return result;
  }
  try {
    const pst = fstatSync(top);
    if (options.parent && !same(pst, options.parent)) fail('E_IDENTITY_CHANGED');
    else if (!procWorks(top, pst) || (mount = mountIdOf(top)) === undefined) fail('E_UNSUPPORTED');
    else visit(top, itemName, '', options.self);
  } catch (error) {
    fail(codeOf(error));
  } finally {
    closeSync(top);
  }
  return result;

  /** One entry `name` of the open folder `dirFd`; `rel` is only for the test hook. */
  function visit(dirFd: number, name: Buffer, rel: string, expected?: { dev: number; ino: number }): void {
    const p = at(dirFd, name);
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (error) {
      if (errno(error) !== 'ENOENT') fail(codeOf(error));
      return;
    }
    if (expected && !same(st, expected)) {
      fail('E_IDENTITY_CHANGED');
      return;
    }
    options.onStep?.('lstat', rel);
    if (st.isDirectory()) {
      visitDir(dirFd, name, rel, st);
      return;
    }
    try {
      if (remove && overwrite) overwriteAt(p, st);
      if (remove) unlinkSync(p);
      result.items += 1;
      if (st.isFile()) result.bytes += st.size;
    } catch (error) {
      if (errno(error) !== 'ENOENT') fail(codeOf(error));
    }
  }

  function visitDir(dirFd: number, name: Buffer, rel: string, st: Stats): void {
    if (st.dev !== rootDev) {
      fail('E_MOUNT');
      return;
    }
    let fd: number;
    try {
      fd = openSync(at(dirFd, name), DIR_FLAGS);
    } catch (error) {
      if (errno(error) !== 'ENOENT') fail(openFailure(error));
      return;
    }
    try {
      if (!same(fstatSync(fd), st)) {
        fail('E_IDENTITY_CHANGED');
        return;
      }
      if (mountIdOf(fd) !== mount) {
        fail('E_MOUNT'); // a bind mount (same st_dev, another mount): never entered, never removed
        return;
      }
      options.onStep?.('opened', rel);
      for (const child of readdirSync(fdPath(fd), { encoding: 'buffer' })) {
        visit(fd, child, rel ? `${rel}/${child.toString()}` : child.toString());
      }
    } catch (error) {
      fail(codeOf(error));
      return;
    } finally {
      closeSync(fd);
    }
    if (!remove) {
      result.items += 1;
      return;
    }
    try {
      // Only the folder just emptied: its name may meanwhile hold a link or another folder.
      if (!same(lstatSync(at(dirFd, name)), st)) throw new TabulaError('E_IDENTITY_CHANGED');
      rmdirSync(at(dirFd, name));
      result.items += 1;
    } catch (error) {
      fail(errno(error) === 'ENOENT' ? 'E_IDENTITY_CHANGED' : codeOf(error));
    }
  }
}
