/**
 * Pinning and vetting of wipe roots: every root is resolved once with realpath, must be a real
 * folder, and is refused when wiping it could reach outside a patron's own data.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { TabulaError } from '../../base/errors.js';
import { resolveHomeRoot } from './home-root.js';

export type RootKind = 'home' | 'temp' | 'extra';

export interface PinnedRoot {
  path: string;
  kind: RootKind;
  dev: number;
  ino: number;
  uid: number;
}

export interface RootContext {
  stateDir: string;
  /** Homes of the accounts this computer knows (from /etc/passwd), to refuse a parent of homes. */
  knownHomes: readonly string[];
  /** The pinned home of the target an extra root belongs to: the one known home it may lie in. */
  ownHome?: string;
  /** A home root's account uid (`--account`, the agent): the home must be owned by it (home-root.ts). */
  uid?: number;
  pathApi?: path.PlatformPath;
}

const POSIX_SYSTEM = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/opt',
  '/srv',
  '/mnt',
  '/media',
  '/home',
  '/root',
  '/snap',
  '/Users',
  '/System',
  '/Library',
  '/Applications',
  '/Volumes',
  '/private',
  '/private/var',
  '/cores',
];
/** Below these nothing is ever a patron home or a temp folder. */
const POSIX_SYSTEM_TREES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/proc',
  '/sbin',
  '/sys',
  '/usr',
  '/System',
  '/Library',
  '/Applications',
];
const SHARED_TEMPS_POSIX = ['/tmp', '/var/tmp', '/dev/shm', '/private/tmp', '/private/var/tmp'];
const WIN_SYSTEM = [/^[a-z]:\\windows(\\|$)/i, /^[a-z]:\\program files( \(x86\))?(\\|$)/i, /^[a-z]:\\programdata$/i, /^[a-z]:\\users$/i];

function within(p: string, ancestor: string, api: path.PlatformPath): boolean {
  const rel = api.relative(ancestor, p);
  return rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel));
}

export function isSharedTemp(p: string): boolean {
  return SHARED_TEMPS_POSIX.includes(p) || /^[a-z]:\\windows\\temp$/i.test(p);
}

/** Why a resolved root must not be wiped, as fixed text without the path; undefined when fine. */
export function refusalReason(real: string, kind: RootKind, ctx: RootContext): string | undefined {
  const api = ctx.pathApi ?? path;
  if (!api.isAbsolute(real)) return 'the root is not an absolute path';
  if (api.parse(real).root === real || real === api.parse(real).root.replace(/[\\/]$/, '')) {
    return 'the root is a filesystem or drive root';
  }
  if (kind === 'temp' && isSharedTemp(real)) return undefined;
  if (WIN_SYSTEM.some((re) => re.test(real))) return 'the root is a Windows system folder';
  if (POSIX_SYSTEM_TREES.some((dir) => within(real, dir, api))) return 'the root is inside a system folder';
  if (kind === 'temp') return POSIX_SYSTEM.includes(real) ? 'the root is a system folder' : undefined;
  if (POSIX_SYSTEM.includes(real) || isSharedTemp(real)) return 'the root is a system or shared folder';
  if (real.split(/[\\/]/).filter(Boolean).length < 2) return 'the root is too close to the filesystem root';
  if (within(ctx.stateDir, real, api)) return 'the root contains the Tabula state directory';
  if (ctx.knownHomes.some((h) => h !== real && within(h, real, api))) return "the root is a parent of other accounts' homes";
  if (kind === 'extra' && otherHomes(ctx).some((h) => within(real, h, api))) return "the root is inside another account's home";
  return undefined;
}

/** Known homes other than the target's own; system folders and shared temps listed as homes are no patron's. */
function otherHomes(ctx: RootContext): string[] {
  const api = ctx.pathApi ?? path;
  return ctx.knownHomes.filter(
    (h) =>
      api.isAbsolute(h) &&
      api.parse(h).root !== h &&
      !POSIX_SYSTEM.includes(h) &&
      !isSharedTemp(h) &&
      !(ctx.ownHome !== undefined && samePath(h, ctx.ownHome)),
  );
}

/** Case-insensitive where the filesystems usually are (Windows, macOS). */
function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export function pinRoot(input: string, kind: RootKind, ctx: RootContext): PinnedRoot {
  const absolute = path.resolve(input);
  let real: string;
  try {
    // A home is resolved by lstat, component by component, through no link a patron owns (home-root.ts).
    real =
      kind === 'home' && process.platform !== 'win32' ? resolveHomeRoot(absolute, { uid: ctx.uid }).real : realpathSync.native(absolute);
  } catch (error) {
    if (error instanceof TabulaError) throw error;
    throw new TabulaError('E_ROOT_MISSING', `${kind} root`);
  }
  // An extra root lies outside the home, in a folder the patron may own: a link or junction
  // anywhere on its path (their own `T` or Recycle Bin replaced by one) would aim the wipe elsewhere.
  if (kind === 'extra' && !samePath(real, absolute)) {
    throw new TabulaError('E_ROOT_REFUSED', `${kind} root: a folder on its path is a link or junction`);
  }
  const st = lstatSync(real);
  if (!st.isDirectory()) throw new TabulaError('E_ROOT_MISSING', `${kind} root is not a folder`);
  const reason = refusalReason(real, kind, {
    ...ctx,
    stateDir: resolveExisting(ctx.stateDir),
    knownHomes: ctx.knownHomes.map(resolveExisting),
    ownHome: ctx.ownHome === undefined ? undefined : resolveExisting(ctx.ownHome),
  });
  if (reason) throw new TabulaError('E_ROOT_REFUSED', `${kind} root: ${reason}`);
  return { path: real, kind, dev: st.dev, ino: st.ino, uid: st.uid };
}

/** realpath of the longest existing prefix, so a state dir that does not exist yet still compares. */
function resolveExisting(p: string): string {
  let current = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** Homes listed in /etc/passwd (empty where there is none). */
export function knownHomes(): string[] {
  try {
    return readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => line.split(':')[5])
      .filter((h): h is string => !!h && h.startsWith('/') && h !== '/' && isDir(h));
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
