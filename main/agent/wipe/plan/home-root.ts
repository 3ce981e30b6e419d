/**
 * Resolution of a home root without trusting anything a patron controls (issue 9, case 3).
 *
 * The rule (POSIX), applied component by component from `/` with lstat, never with realpath (the
 * walk is wipe/fs/trusted-path.ts, shared with the state-directory rule):
 * - every folder on the way to the home must be *trusted*: owned by root (or by the uid Tabula runs
 *   as, when it runs unprivileged) and either not writable by group or others, or sticky (in a
 *   sticky folder such as /tmp nobody but root and the entry's owner may rename an entry);
 * - a symbolic link on the way is followed only when root (or that uid) owns it: it then lies in a
 *   trusted folder and nobody else can re-point it. A link the patron owns is refused, wherever it is;
 * - the home itself must be a real folder, owned by its account when the account is known
 *   (`--account`, the agent); `--home DIR` names the patron by the folder's owner;
 * - the resolved home must not lie in a system tree (/root, /var except /var/home and /var/tmp,
 *   /etc, /usr, …: see roots.ts) nor inside the home of another account (other uid) of /etc/passwd.
 * A home root that fails is E_ROOT_REFUSED, with a fixed reason and never the path.
 *
 * What stays: the home's own entry may sit in a sticky folder (a guest home in /tmp), so the patron
 * can still rename or replace it *after* this check. The planner and executor act on what this
 * resolution pinned (dev/ino, identity re-checks; anchored handles where the engine has them), so
 * a later swap reaches nothing; a swap before it is refused here.
 * Windows: links and junctions are refused by comparing the realpath with the given path (roots.ts).
 */
import { readFileSync, realpathSync, type Stats } from 'node:fs';
import { TabulaError } from '../../base/errors.js';
import { defaultTrustedOwners, walkTrustedPath } from '../fs/trusted-path.js';

/** System trees no home may lie in (beyond those refusalReason knows), with the exceptions that hold homes or temp. */
const NO_HOME_TREES = ['/root', '/var', '/private/var', '/run', '/boot', '/snap'];
const HOME_TREE_EXCEPTIONS = ['/var/home', '/var/tmp', '/private/var/tmp'];

export interface HomeRootOptions {
  /** The account's uid: the home must be owned by it. Undefined for `--home DIR`. */
  uid?: number;
  /** Owners trusted for folders and links on the way (default: root and the uid Tabula runs as). */
  trustedOwners?: readonly number[];
  /** Accounts of this computer (default: /etc/passwd). */
  accounts?: readonly PasswdAccount[];
}

export interface PasswdAccount {
  name: string;
  uid: number;
  home: string;
}

const refuse = (reason: string) => new TabulaError('E_ROOT_REFUSED', `home root: ${reason}`);

function within(p: string, ancestor: string): boolean {
  return p === ancestor || p.startsWith(ancestor.endsWith('/') ? ancestor : ancestor + '/');
}

/**
 * Resolves `input` by the rule above; returns the real path and its lstat. E_ROOT_MISSING when a
 * component does not exist or the home is not a folder; E_ROOT_REFUSED when the rule refuses it.
 */
export function resolveHomeRoot(input: string, options: HomeRootOptions = {}): { real: string; stat: Stats } {
  if (process.platform === 'win32') throw new Error('resolveHomeRoot is POSIX only');
  const found = walkTrustedPath(input, options.trustedOwners ?? defaultTrustedOwners(), {
    untrustedFolder: (problem) => refuse(`a folder on its path ${problem}, so a patron could rename or replace the home`),
    untrustedLink: () => refuse('a link on its path belongs to a user, who may point it anywhere'),
    tooManyLinks: () => refuse('too many links on its path'),
    notAFolder: () => new TabulaError('E_ROOT_MISSING', 'home root is not a folder'),
  });
  if (!found) throw new TabulaError('E_ROOT_MISSING', 'home root');
  const { real: current, stat } = found;
  if (!stat.isDirectory()) throw new TabulaError('E_ROOT_MISSING', 'home root is not a folder');
  if (current === '/') throw refuse('the root is a filesystem root');
  if (options.uid !== undefined && stat.uid !== options.uid) throw refuse('the home folder is not owned by its account');
  const reason = homePlaceProblem(current, stat.uid, options.accounts ?? passwdAccounts());
  if (reason) throw refuse(reason);
  return { real: current, stat };
}

/** Why a resolved home (owned by `owner`) lies where no patron home may be; undefined when fine. */
export function homePlaceProblem(real: string, owner: number, accounts: readonly PasswdAccount[]): string | undefined {
  if (NO_HOME_TREES.some((t) => within(real, t)) && !HOME_TREE_EXCEPTIONS.some((t) => within(real, t) && real !== t)) {
    return 'the home lies in a system folder';
  }
  for (const other of accounts) {
    const home = realHome(other.home);
    if (!home || other.uid === owner || home === real) continue;
    if (within(real, home)) return "the home lies inside another account's home";
  }
  return undefined;
}

/** The real path of a passwd home, or undefined for `/`, shared folders and homes that do not exist. */
function realHome(home: string): string | undefined {
  if (!home.startsWith('/') || home === '/' || ['/tmp', '/var/tmp', '/dev/shm', '/nonexistent'].includes(home)) return undefined;
  try {
    const real = realpathSync.native(home);
    return real === '/' ? undefined : real;
  } catch {
    return undefined;
  }
}

/** The accounts of /etc/passwd (empty where there is none). */
export function passwdAccounts(file = '/etc/passwd'): PasswdAccount[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: PasswdAccount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !/^\d+$/.test(f[2] ?? '')) continue;
    out.push({ name: f[0] as string, uid: Number(f[2]), home: f.slice(5, f.length - 1).join(':') });
  }
  return out;
}

/**
 * Recovery of a stored explicit-roots session (journal): the stored home must pass the rule above
 * and must not be, or lie in, the home of an account that is not a configured patron account. A
 * journal entry is never trusted to name a staff or system home.
 */
export function recoveryHomeProblem(
  home: string,
  patronAccounts: readonly string[],
  accounts: readonly PasswdAccount[] = passwdAccounts(),
): string | undefined {
  let real: string;
  try {
    real = resolveHomeRoot(home, { accounts }).real;
  } catch (error) {
    if (error instanceof TabulaError && error.code === 'E_ROOT_MISSING') return undefined; // nothing there: the wipe says so
    return 'the stored home is refused';
  }
  for (const a of accounts) {
    const h = realHome(a.home);
    if (h && within(real, h) && !patronAccounts.includes(a.name)) return "the stored home is another account's home";
  }
  return undefined;
}
