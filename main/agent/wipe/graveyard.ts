/**
 * The graveyard: a root-only folder at the top of each wipe root. Doomed items are renamed into
 * it (atomic, same filesystem), so the next patron can no longer reach them, then reaped.
 */
import { lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const GRAVEYARD_PREFIX = '.tabula-graveyard-';

const euid = (): number => (typeof process.geteuid === 'function' ? process.geteuid() : -1);

/** A graveyard left by this (or an interrupted earlier) run: ours only if we own it, private, a real folder. */
export function isGraveyard(name: string, st: Stats): boolean {
  return name.startsWith(GRAVEYARD_PREFIX) && st.isDirectory() && !st.isSymbolicLink() &&
    (process.platform === 'win32' || (st.uid === euid() && (st.mode & 0o077) === 0));
}

export function createGraveyard(root: string): string {
  const dir = path.join(root, GRAVEYARD_PREFIX + randomBytes(6).toString('hex'));
  mkdirSync(dir, { mode: 0o700 }); // fails if anything (even a link) is already there
  const st = lstatSync(dir);
  if (!isGraveyard(path.basename(dir), st)) throw Object.assign(new Error('graveyard check failed'), { code: 'EPERM' });
  return dir;
}

/** Graveyards an interrupted run left at the top of a root, to be reaped now. */
export function leftoverGraveyards(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((name) => name.startsWith(GRAVEYARD_PREFIX))
      .map((name) => path.join(root, name))
      .filter((p) => {
        try {
          return isGraveyard(path.basename(p), lstatSync(p));
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}
