/**
 * From configuration and names to wipe targets: patron accounts are resolved and vetted (staff,
 * administrator and system accounts are refused) here, for the CLI and the agent service alike.
 */
import type { Platform } from '../catalog/schema.js';
import { TabulaError } from '../base/errors.js';
import type { OwnedRoot, PlanProblem, Target } from '../wipe/types.js';
import { resolveAccount, vetPatronAccount, type Account, type GroupsOf } from './accounts.js';
import { darwinUserDirs } from './darwin-user-dirs.js';
import type { Config } from './schema.js';

const DEFAULT_TEMP: Record<Platform, string[]> = { linux: ['/tmp', '/var/tmp'], darwin: ['/private/tmp'], win32: [] };

/** Shared temp folders swept for a patron's own entries when the configuration names none. */
export function defaultTempRoots(platform: Platform): string[] {
  return [...DEFAULT_TEMP[platform]];
}

/** Resolves a patron account name to a wipe target, or throws E_ACCOUNT_UNKNOWN / E_ACCOUNT_REFUSED. */
export type AccountTargetResolver = (name: string, temp: string[]) => Promise<Target>;

export async function targetOfAccount(name: string, platform: Platform, temp: string[], groupsOf?: GroupsOf): Promise<Target> {
  const account = await resolveAccount(name, platform);
  const vetted = await vetPatronAccount(account, platform, groupsOf);
  if (!vetted.ok) throw new TabulaError(vetted.code, vetted.reason);
  const target: Target = { home: account!.home, uid: account!.uid, tempRoots: temp, account: account!.name };
  const owned = ownedRootsOf(platform, account!.uid);
  if (owned.length > 0) target.ownedRoots = owned;
  const { bases, problems } = outsideHome(account!, platform);
  if (bases) target.bases = bases;
  if (problems.length > 0) target.problems = problems;
  return target;
}

/**
 * Bases outside the home: the Windows Recycle Bin of the SID, the macOS per-user folders of the uid
 * (none when the account never logged in). More than one macOS candidate is not guessed: none is
 * used and the wipe reports E_ROOT_REFUSED for temp, so IT looks. The planner pins these as extra
 * roots and refuses any with a link on its path.
 */
export function outsideHome(
  account: Account,
  platform: Platform,
  varFolders?: string,
): { bases?: Target['bases']; problems: PlanProblem[] } {
  if (platform === 'win32' && account.sid) {
    return { bases: { recycleBin: `${process.env.SystemDrive ?? 'C:'}\\$Recycle.Bin\\${account.sid}` }, problems: [] };
  }
  if (platform === 'darwin' && account.uid !== undefined) {
    const { bases, candidates } = darwinUserDirs(account.uid, varFolders);
    if (candidates > 1) return { problems: [{ category: 'temp', code: 'E_ROOT_REFUSED' }] };
    return Object.keys(bases).length > 0 ? { bases, problems: [] } : { problems: [] };
  }
  return { problems: [] };
}

/**
 * Folders outside the home swept for the patron's own entries (by owner uid, never by name, never
 * through a link), besides the shared temp folders: POSIX shared memory, crash reports (apport
 * writes them owned by the crashed program's user) and the per-user runtime folder when logind
 * left it behind (a still-mounted one belongs to a live session and is skipped by the planner).
 */
export function ownedRootsOf(platform: Platform, uid: number | undefined): OwnedRoot[] {
  if (platform !== 'linux' || uid === undefined || uid <= 0) return [];
  return [{ path: '/dev/shm' }, { path: '/var/crash' }, { path: `/run/user/${uid}`, leftoverOnly: true }];
}

/** The system resolver of a platform. */
export function systemAccountResolver(platform: Platform): AccountTargetResolver {
  return (name, temp) => targetOfAccount(name, platform, temp);
}

/** The temp roots of the configuration, or the platform's defaults. */
export function tempRootsOf(config: Config, platform: Platform): string[] {
  return config.tempRoots ?? defaultTempRoots(platform);
}

/**
 * Every configured account must be a patron account: a refused one (staff, administrator, system)
 * is an error; an account this computer does not know (yet) is a warning. Problems name the layer
 * and the field (`/accounts/2`), never the account name.
 */
export async function accountProblems(
  config: Config,
  origin: Map<string, string>,
  resolve: AccountTargetResolver,
): Promise<{ errors: string[]; warnings: string[] }> {
  const source = origin.get('/accounts') ?? 'defaults';
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [i, name] of (config.accounts ?? []).entries()) {
    try {
      await resolve(name, []);
    } catch (error) {
      const code = error instanceof TabulaError ? error.code : 'E_ACCOUNT_UNKNOWN';
      if (code === 'E_ACCOUNT_REFUSED') {
        errors.push(`${source}: /accounts/${i}: expected a patron account, got an account that is refused (${reasonOf(error)})`);
      } else {
        warnings.push(`${source}: /accounts/${i}: expected an account of this computer, got an unknown account`);
      }
    }
  }
  return { errors, warnings };
}

/** The fixed reason text inside a TabulaError's message (`... (reason)`). */
function reasonOf(error: unknown): string {
  const m = /\(([^()]*)\)$/.exec((error as Error).message ?? '');
  return m?.[1] ?? 'not a patron account';
}
