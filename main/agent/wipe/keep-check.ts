/**
 * A kept name smuggles nothing (issue 10 item 5). Clean mode spares a few names a browser or the
 * OS writes (`First Run`, `profiles.ini`, `desktop.ini`) or IT puts there (`user.js`, `chrome/`);
 * a patron can plant anything under those names: a `user.js` with a proxy for the next patron, a
 * folder of files named `First Run`. So a kept name survives only as what its writer makes:
 * - `keep`: a regular file with one link, at most 1 MiB (a Windows user-folder junction such as
 *   `My Music` stays a link); a Firefox `profiles.ini`/`installs.ini` only when every profile path
 *   in it is relative and stays inside the folder (an absolute one would send the next patron's
 *   browsing into a folder the last patron can read);
 * - `keepManaged`: what only IT can write: owned by root and not writable by group or others
 *   (a patron can replace it, but the replacement is theirs). On Windows, where lstat has no
 *   owner, nothing managed is spared in clean mode; reset mode restores IT's copy from the baseline.
 * Anything else under a kept name is removed as the area's residual.
 */
import { closeSync, constants, openSync, readSync, type Stats } from 'node:fs';
import type { Platform } from '../catalog/schema.js';

export const KEEP_MAX_BYTES = 1024 * 1024;

export type KeepKind = 'plain' | 'managed';

function readSmall(p: string, size: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(p, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(Math.min(size, KEEP_MAX_BYTES));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Every `Path=` of a Firefox ini is relative (IsRelative not 0), with no `..` and no drive or root. */
export function iniPathsRelative(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(Path|IsRelative|Default)\s*=\s*(.*?)\s*$/i.exec(line);
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = m[2] as string;
    if (key === 'isrelative' && value === '0') return false;
    if ((key === 'path' || (key === 'default' && /[\\/]/.test(value)))
      && (/^([\\/]|[A-Za-z]:)/.test(value) || value.split(/[\\/]/).some((s) => s === '..'))) return false;
  }
  return true;
}

export function keepHolds(kind: KeepKind, p: string, name: string, st: Stats, platform: Platform): boolean {
  if (kind === 'managed') {
    if (platform === 'win32') return false;
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) return false;
    if (st.isDirectory()) return true;
    return st.isFile() && st.nlink === 1 && st.size <= KEEP_MAX_BYTES;
  }
  if (platform === 'win32' && st.isSymbolicLink()) return true; // My Music, My Pictures, My Videos junctions
  if (!st.isFile() || st.nlink !== 1 || st.size > KEEP_MAX_BYTES) return false;
  if (/^(profiles|installs)\.ini$/i.test(name)) {
    const text = readSmall(p, st.size);
    return text !== undefined && iniPathsRelative(text);
  }
  return true;
}
