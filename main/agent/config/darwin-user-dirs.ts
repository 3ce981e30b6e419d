/**
 * macOS per-user folders outside the home: `$TMPDIR` is `/private/var/folders/<xx>/<id>/T` and its
 * cache sibling `.../C`, with names derived from the account, not predictable here. They are found
 * for a uid by lstat only: no link is followed at any level, and only real folders owned by the uid
 * count. `/var` is itself a link to `/private/var` on macOS, so the default starts from the real path.
 */
import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Base } from '../catalog/schema.js';

export type DarwinUserBases = Partial<Record<Extract<Base, 'darwinUserTemp' | 'darwinUserCache'>, string>>;

export interface DarwinUserDirs {
  /** The per-user `T` and `C` folders; empty when none or more than one per-user folder was found. */
  bases: DarwinUserBases;
  /** Per-user folders of the uid found: 0 (never logged in), 1, or more (ambiguous: none taken). */
  candidates: number;
}

function lstatOf(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The real folders (not links) directly in `dir`. */
function realDirsIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.map((name) => path.join(dir, name)).filter((p) => lstatOf(p)?.isDirectory() === true);
}

function isOwnedDir(p: string, uid: number): boolean {
  const st = lstatOf(p);
  return st !== undefined && st.isDirectory() && st.uid === uid;
}

/** Scans `<varFolders>/<xx>/<id>` for the one per-user folder of `uid` holding a real `T` and/or `C`. */
export function darwinUserDirs(uid: number, varFolders = '/private/var/folders'): DarwinUserDirs {
  const none: DarwinUserDirs = { bases: {}, candidates: 0 };
  if (!Number.isInteger(uid) || uid < 0) return none;
  const top = path.resolve(varFolders);
  try {
    if (realpathSync.native(top) !== top || !lstatSync(top).isDirectory()) return none;
  } catch {
    return none;
  }
  const found: DarwinUserBases[] = [];
  for (const bucket of realDirsIn(top)) {
    for (const dir of realDirsIn(bucket)) {
      if (!isOwnedDir(dir, uid)) continue;
      const bases: DarwinUserBases = {};
      if (isOwnedDir(path.join(dir, 'T'), uid)) bases.darwinUserTemp = path.join(dir, 'T');
      if (isOwnedDir(path.join(dir, 'C'), uid)) bases.darwinUserCache = path.join(dir, 'C');
      if (bases.darwinUserTemp || bases.darwinUserCache) found.push(bases);
    }
  }
  return found.length === 1 ? { bases: found[0]!, candidates: 1 } : { bases: {}, candidates: found.length };
}
