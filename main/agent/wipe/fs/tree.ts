/**
 * Walks one item with lstat only, counting entries and bytes, and (for a real wipe) removing
 * them bottom-up. Never follows a link and never enters another filesystem.
 *
 * Linux walks anchored on directory descriptors (anchored.ts). macOS and Windows walk by path
 * strings (Node has no openat/unlinkat), with these checks: each entry is lstat'ed right before
 * it is acted on, a link is unlinked and never descended, a folder on another device is left
 * (E_MOUNT), and before each folder is listed the item (`self`) and its parent folder (`parent`,
 * the graveyard) must still be the inodes the caller pinned; if not, the walk stops there
 * (E_IDENTITY_CHANGED). What stays open there: these are checks, not anchors. A process of the
 * patron still running, holding a folder inside a moved item (its cwd or a descriptor; the
 * graveyard itself is root-only), can swap a subfolder for a link or junction in the window
 * between the lstat and the readdir/unlink/rmdir that follow it, and those calls resolve the
 * path again, through the link; likewise the graveyard can be renamed and replaced between the
 * re-check and the calls made under it. Such a deletion goes wherever the link points, within
 * what the agent (root / SYSTEM) may delete. Closing it needs *at() calls (a native addon, which
 * the agent refuses) or, on Windows, handle-relative deletion (FILE_FLAG_OPEN_REPARSE_POINT +
 * SetFileInformationByHandle).
 */
import { chmodSync, closeSync, constants, lstatSync, openSync, readdirSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { codeOf } from '../../base/errors.js';
import { walkAnchored, zeroFill } from './anchored.js';
import type { Identity, TreeResult, WalkOptions } from './walk-types.js';

export type { Identity, TreeResult, WalkOptions };

const RETRIES = process.platform === 'win32' ? 5 : 1;

function retrying(action: () => void): void {
  for (let attempt = 1; ; attempt++) {
    try {
      action();
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') return;
      if (attempt >= RETRIES || (code !== 'EBUSY' && code !== 'EPERM' && code !== 'EACCES')) throw error;
      const until = Date.now() + 50 * attempt; // Windows: a scanner or indexer may hold the file briefly
      while (Date.now() < until) {
        /* short synchronous back-off */
      }
    }
  }
}

function removeFile(p: string, st: Stats): void {
  retrying(() => {
    try {
      unlinkSync(p);
    } catch (error) {
      // Windows refuses to delete read-only files; clear the flag on the item itself, never through a link.
      if (process.platform === 'win32' && (error as { code?: string }).code === 'EPERM' && !st.isSymbolicLink()) {
        chmodSync(p, 0o666);
        unlinkSync(p);
      } else throw error;
    }
  });
}

/**
 * Overwrites a file's bytes with zeros before it is unlinked (opt-in, for downloads/desktop/
 * documents). Best effort: SSDs and copy-on-write filesystems may keep old blocks. A file with
 * other hard links is left as it is, since its bytes are visible elsewhere too.
 */
function overwriteFile(p: string, st: Stats): void {
  if (!st.isFile() || st.size === 0 || st.nlink > 1) return;
  const fd = openSync(p, constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    zeroFill(fd, st.size);
  } finally {
    closeSync(fd);
  }
}

export function walkTree(p: string | Buffer, rootDev: number, remove: boolean, overwrite = false, options: WalkOptions = {}): TreeResult {
  if (process.platform === 'linux') return walkAnchored(p, rootDev, remove, overwrite, options);
  return walkPaths(p.toString(), rootDev, remove, overwrite, options);
}

const isSame = (p: string, id: Identity | undefined): boolean => {
  if (!id) return true;
  try {
    const st = lstatSync(p);
    return st.dev === id.dev && st.ino === id.ino;
  } catch {
    return false;
  }
};

/** The path walk (macOS, Windows); exported for tests. */
export function walkPaths(p: string, rootDev: number, remove: boolean, overwrite = false, options: WalkOptions = {}): TreeResult {
  const result: TreeResult = { items: 0, bytes: 0, failures: [] };
  let stopped = false;
  visit(p, '');
  return result;

  function visit(current: string, rel: string): void {
    if (stopped) return;
    let st: Stats;
    try {
      st = lstatSync(current);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') result.failures.push(codeOf(error));
      return;
    }
    if (current === p && options.self && (st.dev !== options.self.dev || st.ino !== options.self.ino)) {
      result.failures.push('E_IDENTITY_CHANGED');
      return;
    }
    options.onStep?.('lstat', rel);
    if (st.isDirectory()) {
      if (st.dev !== rootDev) {
        result.failures.push('E_MOUNT');
        return;
      }
      // Re-checked before each listing: the graveyard (or planned parent) and the item are still the pinned inodes.
      if (!isSame(path.dirname(p), options.parent) || !isSame(p, options.self)) {
        result.failures.push('E_IDENTITY_CHANGED');
        stopped = true;
        return;
      }
      options.onStep?.('opened', rel);
      let names: string[] = [];
      try {
        names = readdirSync(current);
      } catch (error) {
        result.failures.push(codeOf(error));
        return;
      }
      for (const name of names) visit(path.join(current, name), rel ? `${rel}/${name}` : name);
      if (stopped) return;
      try {
        if (remove) retrying(() => rmdirSync(current));
        result.items += 1;
      } catch (error) {
        result.failures.push(codeOf(error));
      }
      return;
    }
    try {
      if (remove && overwrite) overwriteFile(current, st);
      if (remove) removeFile(current, st);
      result.items += 1;
      if (st.isFile()) result.bytes += st.size;
    } catch (error) {
      result.failures.push(codeOf(error));
    }
  }
}
