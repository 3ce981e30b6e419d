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
import type { Stats } from 'node:fs';
import type { Platform } from '../../catalog/schema.js';
import { linesOf, readPatronText } from '../fs/patron-file.js';

export const KEEP_MAX_BYTES = 1024 * 1024;

export type KeepKind = 'plain' | 'managed';

/** Every `Path=` of a Firefox ini is relative (IsRelative not 0), with no `..` and no drive or root. */
export function iniPathsRelative(text: string): boolean {
  // One linear pass (patron text: no backtracking regular expression on a long line).
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key !== 'path' && key !== 'isrelative' && key !== 'default') continue;
    if (key === 'isrelative' && value === '0') return false;
    if (
      (key === 'path' || (key === 'default' && /[\\/]/.test(value))) &&
      (/^([\\/]|[A-Za-z]:)/.test(value) || value.split(/[\\/]/).some((s) => s === '..'))
    )
      return false;
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
    const file = readPatronText(p, KEEP_MAX_BYTES);
    return file.ok && iniPathsRelative(file.text);
  }
  return true;
}
