/**
 * The trusted-path walk (POSIX) shared by the home-root rule (wipe/plan/home-root.ts) and the
 * state-directory rule (service/state-dir.ts): a path is resolved component by component from `/`
 * with lstat, never with realpath;
 * - every folder above the end must be *trusted*: owned by root (or by the uid Tabula runs as, when
 *   it runs unprivileged) and not writable by group or others unless sticky;
 * - a symbolic link on the way is followed only when a trusted uid owns it (it then lies in a
 *   trusted folder and nobody else can re-point it), at most MAX_LINKS of them.
 * The callers judge the end themselves and word the refusals (`TrustedPathRefusals`).
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';

const MAX_LINKS = 40;
const S_ISVTX = 0o1000;

/** Root, and the uid Tabula runs as when it is not root (tests, the demo). */
export function defaultTrustedOwners(): number[] {
  const euid = process.geteuid?.();
  return euid === undefined || euid === 0 ? [0] : [0, euid];
}

/** Trusted folder: owned by a trusted uid, and not writable by group/others unless sticky. */
export function trustedFolderProblem(st: Stats, trusted: readonly number[]): string | undefined {
  if (!trusted.includes(st.uid)) return 'is owned by another user';
  if ((st.mode & 0o022) !== 0 && (st.mode & S_ISVTX) === 0) return 'is writable by group or others without the sticky bit';
  return undefined;
}

/** The errors a caller throws for each refusal (worded for its own users, never with the path). */
export interface TrustedPathRefusals {
  /** A folder above the end fails `trustedFolderProblem` (`problem` says how). */
  untrustedFolder: (problem: string) => Error;
  /** A link on the way is owned by an untrusted uid. */
  untrustedLink: () => Error;
  tooManyLinks: () => Error;
  /** A component before the end is not a folder. */
  notAFolder: () => Error;
}

/**
 * Walks `input` by the rule above. Returns the real path of the end and its lstat (any type: the
 * caller judges it), or undefined when a component does not exist (the folders before it passed).
 */
export function walkTrustedPath(
  input: string,
  trusted: readonly number[],
  refusals: TrustedPathRefusals,
): { real: string; stat: Stats } | undefined {
  const pending = path.resolve(input).split('/').filter(Boolean);
  let current = '/';
  let stat = lstatSync('/');
  let links = 0;
  const above = (st: Stats): void => {
    const problem = trustedFolderProblem(st, trusted);
    if (problem) throw refusals.untrustedFolder(problem);
  };
  if (pending.length > 0) above(stat);
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (name === '.') continue;
    if (name === '..') {
      current = path.dirname(current);
      stat = lstatSync(current);
      continue;
    }
    const next = path.join(current, name);
    let st: Stats;
    try {
      st = lstatSync(next);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      if (!trusted.includes(st.uid)) throw refusals.untrustedLink();
      if (++links > MAX_LINKS) throw refusals.tooManyLinks();
      const target = readlinkSync(next);
      pending.unshift(...target.split('/').filter(Boolean));
      if (target.startsWith('/')) {
        current = '/';
        stat = lstatSync('/');
      }
      continue;
    }
    current = next;
    stat = st;
    if (pending.length > 0) {
      if (!st.isDirectory()) throw refusals.notAFolder();
      above(st);
    }
  }
  return { real: current, stat };
}
