/**
 * Walks one item with lstat only, counting entries and bytes, and (for a real wipe) removing
 * them bottom-up. Never follows a link and never enters another filesystem.
 */
import { chmodSync, closeSync, constants, fsyncSync, lstatSync, openSync, readdirSync, rmdirSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import { codeOf } from './errors.js';

export interface TreeResult {
  items: number;
  bytes: number;
  failures: ErrorCode[];
}

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
      while (Date.now() < until) { /* short synchronous back-off */ }
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
    const zeros = Buffer.alloc(Math.min(st.size, 1 << 20));
    for (let offset = 0; offset < st.size; offset += zeros.length) {
      writeSync(fd, zeros, 0, Math.min(zeros.length, st.size - offset), offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function walkTree(p: string, rootDev: number, remove: boolean, overwrite = false): TreeResult {
  const result: TreeResult = { items: 0, bytes: 0, failures: [] };
  visit(p);
  return result;

  function visit(current: string): void {
    let st: Stats;
    try {
      st = lstatSync(current);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') result.failures.push(codeOf(error));
      return;
    }
    if (st.isDirectory()) {
      if (st.dev !== rootDev) {
        result.failures.push('E_MOUNT');
        return;
      }
      let names: string[] = [];
      try {
        names = readdirSync(current);
      } catch (error) {
        result.failures.push(codeOf(error));
        return;
      }
      for (const name of names) visit(path.join(current, name));
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
