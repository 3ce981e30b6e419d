/**
 * Baselines for reset mode: IT captures a patron home once (`tabula baseline capture`); a reset
 * then deletes what is not in the baseline, restores what changed and leaves the rest. Files are
 * stored content-addressed (sha256) in the root-only state directory; the manifest holds the
 * skeleton's relative paths, types, modes, owners and hashes.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../protocol/categories.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { FailureCount } from '../../../protocol/wipe-summary.js';
import { codeOf, TabulaError } from '../base/errors.js';
import { isGraveyard } from './execute/graveyard.js';
import { isHivePath, isLockError } from './fs/hives.js';
import { patronFileReader, type PatronFileAnchor, type PatronFileResult } from './fs/patron-file.js';
import { Tally } from './execute/tally.js';
import { aclCaptureScript, parseAclCapture, powershellArgs } from './fs/windows-acl.js';

export interface BaselineEntry {
  type: 'dir' | 'file' | 'link';
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  sha256?: string;
  /**
   * Linux and macOS: the file's inode and change time when its content was read (from the
   * descriptor, before the read). A file with the same inode, change time and size still has
   * that content: every write changes the change time, and no one but root can set it (the
   * system clock). So a reset reads only files that differ in one of them (reset-planner.ts).
   * Not on Windows, where a file's owner can set its change time, nor for a file changed within
   * SETTLED_MS of the capture.
   */
  ino?: number;
  ctimeMs?: number;
  target?: string;
  /** Windows: the entry's owner and ACL, an index into the manifest's `sddls`. */
  acl?: number;
}

export interface Baseline {
  version: 1;
  createdAt: string;
  /** Relative path (`/`-separated) → entry. */
  entries: Record<string, BaselineEntry>;
  blobDir: string;
  /** Windows: the security descriptors (SDDL) entries refer to by `acl`. */
  sddls?: string[];
}

/** How long ago a file must have changed for its capture to record its change time (coarse filesystem times: 1–2 s). */
const SETTLED_MS = 3000;

export function baselineDir(stateDir: string, homeReal: string): string {
  const key = createHash('sha256').update(homeReal).digest('hex').slice(0, 16);
  return path.join(stateDir, 'baselines', key);
}

export function entryType(st: Stats): BaselineEntry['type'] | undefined {
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return undefined; // sockets, fifos: never part of a baseline
}

/** What a capture found: counts, the files it could not record (by category and code), and whether it wrote the baseline. */
export interface CaptureResult {
  files: number;
  dirs: number;
  links: number;
  bytes: number;
  /** Entries that could not be recorded (a locked file, a loaded hive, an unreadable folder): no baseline was written. */
  failures: FailureCount[];
  written: boolean;
  /** Windows: entries whose owner and ACL were recorded, and those whose could not be read (they get inherited ones on restore). */
  acls?: { recorded: number; missing: number };
}

export interface CaptureOptions {
  /** Reads a file for its hash and blob (default patronFileReader below the pinned home: no link, no FIFO). */
  read?: (file: string, maxBytes: number, anchor: PatronFileAnchor) => PatronFileResult;
  /** The category a failure is counted in (the job's catalogue lookup), by the entry's absolute path. */
  categoryOf?: (absolute: string) => CategoryId;
  /** Windows: the SDDL of each absolute path (undefined where unreadable); default Get-Acl on win32, none elsewhere. */
  acls?: (paths: readonly string[]) => (string | undefined)[] | undefined;
  /** The layout's OS (hives are named as such on win32). */
  platform?: NodeJS.Platform;
  /** The clock a file's change time is compared with (SETTLED_MS; tests). */
  now?: () => number;
}

/** The code a file that could not be read for the baseline is counted with. */
function readFailureCode(rel: string, failure: { failure: string; errno?: string }, platform: NodeJS.Platform): ErrorCode {
  if (failure.failure === 'locked' || (platform === 'win32' && isHivePath(rel) && isLockError(failure.errno, platform))) {
    return platform === 'win32' && isHivePath(rel) ? 'E_HIVE_LOADED' : 'E_BUSY';
  }
  if (failure.failure === 'too-large' || failure.failure === 'not-regular') return 'E_IDENTITY_CHANGED'; // changed while captured
  return codeOf({ code: failure.errno });
}

/**
 * Records the home (pinned real path) into the state directory. A baseline is complete or not
 * written: an entry that cannot be recorded (a file locked by a running program, a hive of a
 * profile still loaded, a folder that cannot be listed) is counted in `failures` and the previous
 * manifest, if any, is kept, because a baseline missing a file would make every reset delete it
 * (a missing NTUSER.DAT breaks the account). Entries that vanish while captured are not part of
 * the home. Never throws for a patron entry; throws only when the state directory cannot be written.
 */
export function captureBaseline(homeReal: string, stateDir: string, options: CaptureOptions = {}): CaptureResult {
  const dir = baselineDir(stateDir, homeReal);
  const blobs = path.join(dir, 'blobs');
  mkdirSync(blobs, { recursive: true, mode: 0o700 });
  const rootStat = lstatSync(homeReal);
  const anchor: PatronFileAnchor = { path: homeReal, dev: rootStat.dev, ino: rootStat.ino };
  // One anchored open per folder (patronFileReader), as the reset planner reads the same files.
  const reader = options.read ? undefined : patronFileReader();
  const read = options.read ?? reader!.read;
  const platform = options.platform ?? process.platform;
  const categoryOf = options.categoryOf ?? ((): CategoryId => 'app-data');
  const now = options.now ?? Date.now;
  const entries: Record<string, BaselineEntry> = {};
  const counts = { files: 0, dirs: 0, links: 0, bytes: 0 };
  const failures = new Tally();
  const fail = (absolute: string, code: ErrorCode) => failures.fail(categoryOf(absolute), code);
  const visit = (current: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(current).sort();
    } catch (error) {
      fail(current, codeOf(error));
      return;
    }
    for (const name of names) {
      const p = path.join(current, name);
      let st: Stats;
      try {
        st = lstatSync(p);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') fail(p, codeOf(error));
        continue; // vanished since readdir: not part of the home
      }
      if (rel === '' && isGraveyard(name, st)) continue;
      const type = entryType(st);
      if (!type || st.dev !== rootStat.dev) continue;
      const r = rel ? `${rel}/${name}` : name;
      const entry: BaselineEntry = { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      if (type === 'file') {
        const data = read(p, st.size, anchor);
        if (!data.ok) {
          if (data.failure !== 'missing') fail(p, readFailureCode(r, data, platform));
          continue;
        }
        entry.size = data.data.length;
        entry.sha256 = createHash('sha256').update(data.data).digest('hex');
        // Not for a file changed in the last seconds: on a filesystem with coarse times a later write could keep its change time.
        if (data.identity && platform !== 'win32' && process.platform !== 'win32' && now() - data.identity.ctimeMs > SETTLED_MS) {
          entry.ino = data.identity.ino;
          entry.ctimeMs = data.identity.ctimeMs;
        }
        const blob = path.join(blobs, entry.sha256);
        if (!existsSync(blob)) {
          const tmp = `${blob}.tmp`;
          writeFileSync(tmp, data.data, { mode: 0o600 });
          renameSync(tmp, blob);
        }
        counts.files++;
        counts.bytes += entry.size;
      } else if (type === 'link') {
        try {
          entry.target = readlinkSync(p);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ENOENT') fail(p, codeOf(error));
          continue;
        }
        counts.links++;
      } else {
        counts.dirs++;
      }
      entries[r] = entry;
      if (type === 'dir') visit(p, r);
    }
  };
  try {
    visit(homeReal, '');
  } finally {
    reader?.close();
  }
  const result: CaptureResult = { ...counts, failures: failures.failures, written: false };
  if (result.failures.length > 0) return result;
  const sddls = recordAcls(
    homeReal,
    entries,
    options.acls ?? (platform === 'win32' && process.platform === 'win32' ? captureAcls(dir) : undefined),
  );
  if (sddls) result.acls = sddls.counts;
  const manifest: Record<string, unknown> = { version: 1, createdAt: new Date().toISOString(), entries };
  if (sddls && sddls.table.length > 0) manifest.sddls = sddls.table;
  const tmp = path.join(dir, 'manifest.json.tmp');
  writeFileSync(tmp, JSON.stringify(manifest), { mode: 0o600 });
  renameSync(tmp, path.join(dir, 'manifest.json'));
  result.written = true;
  return result;
}

/** Stores each entry's SDDL as an index into one table (most entries share a few descriptors). */
function recordAcls(
  homeReal: string,
  entries: Record<string, BaselineEntry>,
  acls: CaptureOptions['acls'],
): { table: string[]; counts: { recorded: number; missing: number } } | undefined {
  if (!acls) return undefined;
  const rels = Object.keys(entries);
  const found = acls(rels.map((r) => path.join(homeReal, ...r.split('/'))));
  const table: string[] = [];
  const index = new Map<string, number>();
  const counts = { recorded: 0, missing: 0 };
  rels.forEach((r, i) => {
    const sddl = found?.[i];
    if (!sddl) {
      counts.missing++;
      return;
    }
    let at = index.get(sddl);
    if (at === undefined) {
      at = table.push(sddl) - 1;
      index.set(sddl, at);
    }
    (entries[r] as BaselineEntry).acl = at;
    counts.recorded++;
  });
  return { table, counts };
}

/** Windows: Get-Acl of every path in one PowerShell run (paths in a file beside the manifest, never on a command line). */
function captureAcls(dir: string): NonNullable<CaptureOptions['acls']> {
  return (paths) => {
    const list = path.join(dir, 'acl-list.tmp');
    const out = path.join(dir, 'acl-out.tmp');
    try {
      writeFileSync(list, paths.join('\r\n'), { mode: 0o600 });
      execFileSync('powershell.exe', powershellArgs(aclCaptureScript(list, out)), { stdio: 'ignore', windowsHide: true, timeout: 600_000 });
      return parseAclCapture(readFileSync(out, 'utf8'), paths.length);
    } catch {
      return undefined; // no PowerShell (Wine): entries get inherited ACLs on restore; the capture says how many
    } finally {
      rmSync(list, { force: true });
      rmSync(out, { force: true });
    }
  };
}

export function loadBaseline(stateDir: string, homeReal: string): Baseline {
  const dir = baselineDir(stateDir, homeReal);
  let parsed: { version?: number; createdAt?: string; entries?: Record<string, BaselineEntry>; sddls?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new TabulaError('E_BASELINE_MISSING');
  }
  if (parsed.version !== 1 || !parsed.entries) throw new TabulaError('E_BASELINE_MISSING', 'unreadable manifest');
  const baseline: Baseline = { version: 1, createdAt: parsed.createdAt ?? '', entries: parsed.entries, blobDir: path.join(dir, 'blobs') };
  if (Array.isArray(parsed.sddls) && parsed.sddls.every((x) => typeof x === 'string')) baseline.sddls = parsed.sddls as string[];
  return baseline;
}
