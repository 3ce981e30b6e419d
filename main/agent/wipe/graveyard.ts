/**
 * The graveyard: a root-only folder at the top of each wipe root (mode 0700; on Windows an ACL
 * for SYSTEM and Administrators). Doomed items are renamed into it (atomic, same filesystem), so
 * the next patron can no longer reach them, then reaped.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, rmdirSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { systemOnlyAclArgs } from './windows-acl.js';

export const GRAVEYARD_PREFIX = '.tabula-graveyard-';
const GRAVEYARD_NAME = /^\.tabula-graveyard-[0-9a-f]{12}$/;

const euid = (): number => (typeof process.geteuid === 'function' ? process.geteuid() : -1);

/**
 * A graveyard left by this (or an interrupted earlier) run: ours only if it has the exact name
 * createGraveyard gives, is a real folder (not a link), owned by the agent (root; or the agent's
 * own uid when it runs unprivileged, as in tests) with mode 0700 exactly.
 */
export function isGraveyard(name: string, st: Stats): boolean {
  return GRAVEYARD_NAME.test(name) && st.isDirectory() && !st.isSymbolicLink() &&
    (process.platform === 'win32' || (st.uid === euid() && (st.mode & 0o7777) === 0o700));
}

/** Windows: only SYSTEM and Administrators may enter (mkdir's mode is ignored there). */
function restrictWithIcacls(dir: string): void {
  execFileSync('icacls.exe', systemOnlyAclArgs(dir, true), { stdio: 'ignore', windowsHide: true, timeout: 15_000 });
}

/**
 * A new graveyard at the top of `root`. Throws when it cannot be made private (the caller then
 * deletes in place instead); on Windows that includes the ACL step.
 */
export function createGraveyard(root: string, platform: NodeJS.Platform = process.platform,
  restrict: (dir: string) => void = restrictWithIcacls): string {
  const dir = path.join(root, GRAVEYARD_PREFIX + randomBytes(6).toString('hex'));
  mkdirSync(dir, { mode: 0o700 }); // fails if anything (even a link) is already there
  const st = lstatSync(dir);
  if (!isGraveyard(path.basename(dir), st)) throw Object.assign(new Error('graveyard check failed'), { code: 'EPERM' });
  if (platform === 'win32') {
    try {
      restrict(dir);
    } catch (error) {
      rmdirSync(dir);
      throw error;
    }
  }
  return dir;
}

export interface Leftover {
  path: string;
  /** The identity the reaper pins (dev:ino). */
  dev: number;
  ino: number;
}

/** Graveyards an interrupted run left at the top of a root, to be reaped now; imitations are skipped. */
export function leftoverGraveyards(root: string): Leftover[] {
  const found: Leftover[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(GRAVEYARD_PREFIX));
  } catch {
    return found;
  }
  for (const name of names) {
    const p = path.join(root, name);
    try {
      const st = lstatSync(p);
      if (isGraveyard(name, st)) found.push({ path: p, dev: st.dev, ino: st.ino });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
