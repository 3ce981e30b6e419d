/**
 * The graveyard: a root-only folder (mode 0700; on Windows an ACL for SYSTEM and Administrators).
 * Doomed items are renamed into it (atomic, same filesystem), so the next patron can no longer
 * reach them, then reaped.
 *
 * Where (Linux): never in a folder the patron can rename entries of, when that can be avoided.
 * A patron owns their home, so a graveyard at its top could be renamed and its name pointed
 * elsewhere. The graveyard therefore goes into the first of these that the agent owns, that no
 * one else may write (or that is sticky: /tmp) and that is on the root's very mount (rename needs
 * it): the root itself (a temp folder), else the folder holding the root (`/home` for
 * `/home/patron`). Only when neither qualifies (a home that is its own mount) is it made at the
 * top of the home. In every case it is created, checked (agent-owned, 0700, a real folder) and
 * used through descriptors (beneath.ts): items are renamed into `/proc/self/fd/<g>/<n>`, so
 * renaming or swapping anything by name redirects nothing. A graveyard in a holder folder carries
 * a key of its root in its name, so a wipe reaps only its own root's leftovers there.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, readdirSync, rmdirSync, type PathLike, type Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { at, openDirAt, openRoot, same, type Identity, type PinnedDir } from '../fs/beneath.js';
import { systemOnlyAclArgs } from '../fs/windows-acl.js';

export const GRAVEYARD_PREFIX = '.tabula-graveyard-';
const GRAVEYARD_NAME = /^\.tabula-graveyard-[0-9a-f]{12}$/;

const euid = (): number => (typeof process.geteuid === 'function' ? process.geteuid() : -1);

/**
 * A graveyard left by this (or an interrupted earlier) run: ours only if it has the exact name
 * createGraveyard gives, is a real folder (not a link), owned by the agent (root; or the agent's
 * own uid when it runs unprivileged, as in tests) with mode 0700 exactly.
 */
export function isGraveyard(name: string, st: Stats): boolean {
  return (
    GRAVEYARD_NAME.test(name) &&
    st.isDirectory() &&
    !st.isSymbolicLink() &&
    (process.platform === 'win32' || (st.uid === euid() && (st.mode & 0o7777) === 0o700))
  );
}

/** Windows: only SYSTEM and Administrators may enter (mkdir's mode is ignored there). */
function restrictWithIcacls(dir: string): void {
  execFileSync('icacls.exe', systemOnlyAclArgs(dir, true), { stdio: 'ignore', windowsHide: true, timeout: 15_000 });
}

/**
 * A new graveyard at the top of `root`. Throws when it cannot be made private (the caller then
 * deletes in place instead); on Windows that includes the ACL step.
 */
export function createGraveyard(
  root: string,
  platform: NodeJS.Platform = process.platform,
  restrict: (dir: string) => void = restrictWithIcacls,
): string {
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

/** Agent-owned and writable by no one else (or sticky): no patron can rename its entries. */
function safeHolder(st: Stats): boolean {
  return st.isDirectory() && st.uid === euid() && ((st.mode & 0o022) === 0 || (st.mode & 0o1000) !== 0);
}

/** 6 hex digits naming the root, for graveyards kept beside it in its holder folder. */
const rootKey = (root: string): string => createHash('sha256').update(root).digest('hex').slice(0, 6);

/** The folder holding `root`, when a graveyard may go there (see the top of this file); undefined otherwise. */
function holderOf(root: string, rootDir: PinnedDir): PinnedDir | undefined {
  const parent = path.dirname(root);
  if (parent === root) return undefined;
  let holder: PinnedDir;
  try {
    holder = openRoot(parent);
  } catch {
    return undefined;
  }
  if (safeHolder(holder.stat) && holder.mnt === rootDir.mnt && holder.mnt !== undefined) return holder;
  closeSync(holder.fd);
  return undefined;
}

/** A graveyard in use: where items go, its identity for the reaper, and its removal at the end. */
export interface Graveyard {
  /** The folder for reaper jobs: `/proc/self/fd/<g>` on Linux (a path elsewhere). Never logged. */
  dir: string;
  id: Identity;
  /** Where item number `n` is renamed to. */
  to(n: number): PathLike;
  /** Removes the graveyard if empty (what stayed inside was counted as a failure of its item). */
  remove(): void;
}

/**
 * Linux: a graveyard for the pinned root `rootDir` (real path `root`), created and checked through
 * descriptors. The descriptors stay open until remove(). Throws when none can be made private
 * (the caller then deletes in place, anchored, instead).
 */
export function openGraveyard(root: string, rootDir: PinnedDir): Graveyard {
  const holder = safeHolder(rootDir.stat) ? undefined : holderOf(root, rootDir);
  const where = holder ?? rootDir;
  const name = GRAVEYARD_PREFIX + (holder ? rootKey(root) + randomBytes(3).toString('hex') : randomBytes(6).toString('hex'));
  let grave: PinnedDir;
  try {
    mkdirSync(at(where.fd, name), { mode: 0o700 }); // fails if anything (even a link) is already there
    grave = openDirAt(where, name); // a link or another folder swapped in: refused by the checks
    if (!isGraveyard(name, grave.stat)) {
      closeSync(grave.fd);
      throw Object.assign(new Error('graveyard check failed'), { code: 'EPERM' });
    }
  } catch (error) {
    if (holder) closeSync(holder.fd);
    throw error;
  }
  const dir = `/proc/self/fd/${grave.fd}`;
  return {
    dir,
    id: { dev: grave.dev, ino: grave.ino },
    to: (n) => `${dir}/${n}`,
    remove: () => {
      try {
        // Renamed by the patron (a graveyard in the home), maybe again meanwhile? Found again by its inode.
        for (let attempt = 0; attempt < 5; attempt++) {
          const current = same(lstatSync(at(where.fd, name), { throwIfNoEntry: false }) ?? { dev: -1, ino: -1 }, grave)
            ? name
            : readdirSync(`/proc/self/fd/${where.fd}`, { encoding: 'buffer' }).find((n) =>
                same(lstatSync(at(where.fd, n), { throwIfNoEntry: false }) ?? { dev: -1, ino: -1 }, grave),
              );
          if (current === undefined) continue; // a listing during a rename may miss it
          try {
            rmdirSync(at(where.fd, current));
            break;
          } catch (error) {
            if ((error as { code?: string }).code === 'ENOTEMPTY') break; // what stayed was counted as a failure
          }
        }
      } catch {
        // gone meanwhile
      } finally {
        closeSync(grave.fd);
        if (holder) closeSync(holder.fd);
      }
    },
  };
}

/** macOS, Windows: the graveyard at the top of the root, by path (see tree.ts for what that leaves open). */
export function pathGraveyard(root: string): Graveyard {
  const dir = createGraveyard(root);
  const st = lstatSync(dir);
  return { dir, id: { dev: st.dev, ino: st.ino }, to: (n) => path.join(dir, String(n)), remove: () => rmdirSync(dir) };
}

/** Leftovers of `root`: at its top, and (Linux) in its holder folder those carrying its key. */
export function leftoversOf(root: string): Leftover[] {
  const found = leftoverGraveyards(root);
  if (process.platform !== 'linux') return found;
  const parent = path.dirname(root);
  try {
    const rst = lstatSync(root);
    const pst = lstatSync(parent);
    if (parent === root || !safeHolder(pst) || pst.dev !== rst.dev) return found;
  } catch {
    return found;
  }
  const key = GRAVEYARD_PREFIX + rootKey(root);
  return [...found, ...leftoverGraveyards(parent).filter((g) => path.basename(g.path).startsWith(key))];
}
