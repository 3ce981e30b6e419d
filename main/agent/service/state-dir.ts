/**
 * The state directory holds what decides what root wipes (the journal and its key, baselines) and
 * the privileged socket: it must be root's alone (issue 9, case 5). On POSIX, from `/` down with
 * lstat (the walk is wipe/fs/trusted-path.ts, shared with the home-root rule):
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
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { TabulaError } from '../base/errors.js';
import { defaultTrustedOwners, walkTrustedPath } from '../wipe/fs/trusted-path.js';

/** Files of the state directory that drive a wipe: they must be root's too. */
const GUARDED_FILES = ['journal.key', 'journal.json'];

const fail = (problem: string, fix: string) => new TabulaError('E_STATE', `${problem}; ${fix}`);
const OWNER_FIX =
  'it must be created by root: remove it (after checking what is in it) and let the agent create it, or chown root and chmod 711 it';

function stateDirProblem(st: Stats, trusted: readonly number[]): TabulaError | undefined {
  if (!st.isDirectory()) return fail('the state directory is not a folder', 'point --state at a folder root owns');
  if (!trusted.includes(st.uid)) return fail('the state directory is owned by another user', OWNER_FIX);
  if ((st.mode & 0o022) !== 0)
    return fail('the state directory is writable by group or others', 'chmod 711 it (after checking what is in it)');
  return undefined;
}

/**
 * Throws E_STATE when the state directory (or a folder above it, or its journal) could be written
 * by someone other than root. Returns whether it exists. `trustedOwners` is for tests.
 */
export function checkStateDir(stateDir: string, trustedOwners: readonly number[] = defaultTrustedOwners()): boolean {
  if (process.platform === 'win32') return true;
  const real = 'point --state at the real folder';
  const found = walkTrustedPath(stateDir, trustedOwners, {
    untrustedFolder: (problem) =>
      fail(
        `a folder above the state directory ${problem}`,
        'move the state directory (--state) into a folder only root can write, such as /var/lib',
      ),
    untrustedLink: () => fail('a link on the path to the state directory belongs to a user', real),
    tooManyLinks: () => fail('too many links on the path to the state directory', real),
    notAFolder: () => fail('a part of the state directory path is not a folder', 'point --state at a folder root owns'),
  });
  if (!found) return false; // not there yet: the folders above it were checked; the agent creates it and checks again
  const problem = stateDirProblem(found.stat, trustedOwners);
  if (problem) throw problem;
  const current = found.real;
  for (const name of GUARDED_FILES) {
    let st: Stats;
    try {
      st = lstatSync(path.join(current, name));
    } catch {
      continue;
    }
    if (!st.isFile()) throw fail(`the state directory's ${name} is not a regular file`, 'remove it; the agent makes a new one');
    if (!trustedOwners.includes(st.uid))
      throw fail(`the state directory's ${name} is owned by another user`, 'remove it after checking it; the agent makes a new one');
    if ((st.mode & 0o022) !== 0)
      throw fail(`the state directory's ${name} is writable by group or others`, 'remove it after checking it; the agent makes a new one');
  }
  return true;
}
