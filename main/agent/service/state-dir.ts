/**
 * The state directory holds what decides what root wipes (the journal and its key, baselines) and
 * the privileged socket: it must be root's alone (issue 9, case 5). On POSIX, from `/` down with
 * lstat:
 * - every folder above it is trusted: owned by root (or by the uid Tabula runs as, when it runs
 *   unprivileged: tests, the demo) and not writable by group or others unless sticky; a link on the
 *   way is followed only when root (or that uid) owns it;
 * - the state directory itself is owned by root (or that uid) and not writable by group or others
 *   (no sticky exception: entries in it must be root's);
 * - `journal.key` and `journal.json`, when present, are regular files with the same owner rule, not
 *   writable by group or others.
 * Otherwise the agent and every CLI command that uses the state directory refuse to start with
 * E_STATE, naming the problem and the fix (never the path). Tabula never adopts such a folder by
 * chmod'ing it: whoever could write there may have planted a journal. A state directory that does
 * not exist yet is created by the agent (mode 0711) and checked again after creation.
 * Windows: the installer's ACL on %ProgramData%\Tabula is what protects it; no check here.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { TabulaError } from '../base/errors.js';
import { defaultTrustedOwners, trustedFolderProblem } from '../wipe/plan/home-root.js';

/** Files of the state directory that drive a wipe: they must be root's too. */
const GUARDED_FILES = ['journal.key', 'journal.json'];
const MAX_LINKS = 40;

const fail = (problem: string, fix: string) => new TabulaError('E_STATE', `${problem}; ${fix}`);
const OWNER_FIX = 'it must be created by root: remove it (after checking what is in it) and let the agent create it, or chown root and chmod 711 it';

function stateDirProblem(st: Stats, trusted: readonly number[]): TabulaError | undefined {
  if (!st.isDirectory()) return fail('the state directory is not a folder', 'point --state at a folder root owns');
  if (!trusted.includes(st.uid)) return fail('the state directory is owned by another user', OWNER_FIX);
  if ((st.mode & 0o022) !== 0) return fail('the state directory is writable by group or others', 'chmod 711 it (after checking what is in it)');
  return undefined;
}

/**
 * Throws E_STATE when the state directory (or a folder above it, or its journal) could be written
 * by someone other than root. Returns whether it exists. `trustedOwners` is for tests.
 */
export function checkStateDir(stateDir: string, trustedOwners: readonly number[] = defaultTrustedOwners()): boolean {
  if (process.platform === 'win32') return true;
  const pending = path.resolve(stateDir).split('/').filter(Boolean);
  let current = '/';
  let links = 0;
  const above = (st: Stats) => {
    const problem = trustedFolderProblem(st, trustedOwners);
    if (problem) throw fail(`a folder above the state directory ${problem}`, 'move the state directory (--state) into a folder only root can write, such as /var/lib');
  };
  above(lstatSync('/'));
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (name === '.' ) continue;
    if (name === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, name);
    let st: Stats;
    try {
      st = lstatSync(next);
    } catch {
      return false; // not there yet: the folders above it were checked; the agent creates it and checks again
    }
    if (st.isSymbolicLink()) {
      if (!trustedOwners.includes(st.uid)) throw fail('a link on the path to the state directory belongs to a user', 'point --state at the real folder');
      if (++links > MAX_LINKS) throw fail('too many links on the path to the state directory', 'point --state at the real folder');
      const target = readlinkSync(next);
      pending.unshift(...target.split('/').filter(Boolean));
      if (target.startsWith('/')) current = '/';
      continue;
    }
    current = next;
    if (pending.length > 0) {
      if (!st.isDirectory()) throw fail('a part of the state directory path is not a folder', 'point --state at a folder root owns');
      above(st);
      continue;
    }
    const problem = stateDirProblem(st, trustedOwners);
    if (problem) throw problem;
  }
  for (const name of GUARDED_FILES) {
    let st: Stats;
    try {
      st = lstatSync(path.join(current, name));
    } catch {
      continue;
    }
    if (!st.isFile()) throw fail(`the state directory's ${name} is not a regular file`, 'remove it; the agent makes a new one');
    if (!trustedOwners.includes(st.uid)) throw fail(`the state directory's ${name} is owned by another user`, 'remove it after checking it; the agent makes a new one');
    if ((st.mode & 0o022) !== 0) throw fail(`the state directory's ${name} is writable by group or others`, 'remove it after checking it; the agent makes a new one');
  }
  return true;
}
