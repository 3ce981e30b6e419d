/**
 * Reset mode: compares the home with its baseline. What the baseline lacks is deleted, what
 * differs is deleted and restored, what is missing is restored, and what is unchanged is left.
 * Items are categorised by the catalogue where it knows them, else `app-data`.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import { createHash } from 'node:crypto';
import { entryType, type Baseline, type BaselineEntry } from '../baseline.js';
import { joinRaw, listDir, rawKey } from '../fs/names.js';
import { containsMount, itemType } from './classify.js';
import { isGraveyard } from '../execute/graveyard.js';
import type { Steps } from '../pace.js';
import type { PinnedRoot } from './roots.js';
import type { PlanItem, PlanProblem } from '../types.js';
import { patronFileReader, type PatronFileAnchor, type PatronFileResult } from '../fs/patron-file.js';
import { hostLockProbe, isHivePath, type LockProbe } from '../fs/hives.js';
import type { Platform } from '../../catalog/schema.js';
import { someStartsWith } from '../fs/sorted-paths.js';

/** The target of a link, or undefined when the entry is no longer a link (a racing patron swapped it). */
function linkTarget(raw: Buffer): string | undefined {
  try {
    return readlinkSync(raw);
  } catch {
    return undefined;
  }
}

/** The entries of a folder, or undefined unless the folder listed is still the one `st` names. */
function listedAs(raw: Buffer, st: Stats): ReturnType<typeof listDir> | undefined {
  try {
    const entries = listDir(raw);
    const now = lstatSync(raw);
    return now.isDirectory() && now.dev === st.dev && now.ino === st.ino ? entries : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How the planner reads the home's files: the content comparison (readPatronFile: no link, no
 * FIFO, never beyond the baseline's size) and the lock probe of Windows hives. Tests inject both.
 */
export interface FileAccess {
  read: (file: string, maxBytes: number, anchor: PatronFileAnchor) => PatronFileResult;
  locked: LockProbe;
  /** Releases what reading kept open (the planner calls it when the comparison ends). */
  close?: () => void;
}

/** The home's files read with one anchored open per folder (patronFileReader), not one per path component. */
export const defaultFileAccess = (): FileAccess => {
  const reader = patronFileReader();
  return { read: reader.read, close: reader.close, locked: hostLockProbe };
};

/**
 * A file the capture read, unchanged since: same inode, change time and size (baseline.ts
 * `ctimeMs`; never on Windows, where a file's owner can set its change time).
 */
export function asCaptured(st: Stats, b: BaselineEntry, platform: NodeJS.Platform = process.platform): boolean {
  return (
    platform !== 'win32' &&
    b.ino !== undefined &&
    b.ctimeMs !== undefined &&
    st.ino === b.ino &&
    st.ctimeMs === b.ctimeMs &&
    st.size === b.size
  );
}

/**
 * The sha256 of a patron file, or `locked` when another program holds it open without sharing
 * (a Windows sharing violation). A file that cannot be read otherwise (a swap to a FIFO or link,
 * a permission or I/O error) is undefined, "changed": its item is re-checked by identity, then
 * deleted and restored from the baseline, so no unreadable file can keep a patron's change.
 */
function patronFileHash(files: FileAccess, p: string, size: number | undefined, home: PinnedRoot): string | 'locked' | undefined {
  const r = files.read(p, size ?? 0, home);
  if (r.ok) return createHash('sha256').update(r.data).digest('hex');
  return r.failure === 'locked' ? 'locked' : undefined;
}

export interface ResetInput {
  home: PinnedRoot;
  baseline: Baseline;
  /** Items the clean plan found in this home: rawKey(path) → category. */
  catalogued: Map<string, CategoryId>;
  mounts: readonly string[];
  /** The layout's OS: on `win32` the registry hives are handled as hives (fs/hives.ts). */
  platform: Platform;
  /** Where files that could not be compared are counted (a locked file or hive), by category. */
  problems: PlanProblem[];
  files?: FileAccess;
}

function childrenIndex(baseline: Baseline): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const rel of Object.keys(baseline.entries)) {
    const cut = rel.lastIndexOf('/');
    const parent = cut < 0 ? '' : rel.slice(0, cut);
    const list = index.get(parent) ?? [];
    list.push(rel.slice(cut + 1));
    index.set(parent, list);
  }
  return index;
}

/** The category of a path (its rawKey) in the home: the catalogued item holding it, else `app-data`. */
export function categoryFinder(catalogued: ReadonlyMap<string, CategoryId>, homePath: string): (key: string) => CategoryId {
  const floor = rawKey(Buffer.from(homePath)).length;
  return (p) => {
    for (let cur = p; cur.length >= floor; cur = path.dirname(cur)) {
      const c = catalogued.get(cur);
      if (c) return c;
      if (path.dirname(cur) === cur) break;
    }
    return 'app-data';
  };
}

/** Yields after each entry compared, so a paced run can give the event loop a turn there. */
export function* planReset(input: ResetInput): Steps<PlanItem[]> {
  const { home, baseline, catalogued, mounts, problems } = input;
  const files = input.files ?? defaultFileAccess();
  const hives = input.platform === 'win32';
  const children = childrenIndex(baseline);
  const cataloguedPaths = [...catalogued.keys()].sort();
  const items: PlanItem[] = [];

  const categoryOf = categoryFinder(catalogued, home.path);
  const holdsCatalogued = (p: string) => someStartsWith(cataloguedPaths, p + path.sep);

  const push = (p: string, raw: Buffer, st: Stats | undefined, parent: Stats, rel: string | undefined) => {
    if (st && (st.dev !== home.dev || (st.isDirectory() && containsMount(p, mounts)))) return;
    items.push({
      path: p,
      raw,
      entry: 'reset',
      category: categoryOf(rawKey(raw)),
      type: st ? itemType(st) : 'absent',
      dev: st?.dev ?? parent.dev,
      ino: st?.ino ?? 0,
      parentDev: parent.dev,
      parentIno: parent.ino,
      root: home.path,
      ...(rel !== undefined ? { restoreFrom: rel } : {}),
    });
  };

  /**
   * Compares one folder with the baseline. False when the folder could not be listed as the one
   * `dirStat` names (a racing patron removed it or swapped it for something else): the caller then
   * treats the folder itself as changed.
   */
  function* walk(dir: string, dirRaw: Buffer, rel: string, dirStat: Stats, inBaseline: boolean): Steps<boolean> {
    const entries = listedAs(dirRaw, dirStat);
    if (!entries) return false;
    const seen = new Set<string>();
    for (const { name, raw: rawName } of entries) {
      yield;
      const p = path.join(dir, name);
      const raw = joinRaw(dirRaw, rawName);
      let st: Stats;
      try {
        st = lstatSync(raw);
      } catch {
        continue;
      }
      if (rel === '' && isGraveyard(name, st)) continue;
      const r = rel ? `${rel}/${name}` : name;
      seen.add(name);
      // A name that is not UTF-8 is never in a baseline (its displayed form is not its name).
      const b = inBaseline && Buffer.from(name).equals(rawName) ? baseline.entries[r] : undefined;
      const type = entryType(st);
      if (hives && type === 'file' && isHivePath(r) && files.locked(p)) {
        // A loaded hive: left as it is (neither moved nor replaced under the registry) and counted.
        problems.push({ category: categoryOf(rawKey(raw)), code: 'E_HIVE_LOADED' });
        continue;
      }
      if (!b || b.type !== type) {
        if (!b && type === 'dir' && st.dev === home.dev && holdsCatalogued(rawKey(raw))) {
          yield* walk(p, raw, r, st, false); // categorise what lies inside, then remove the folder itself
          items.push({ ...itemOf(p, raw, st, dirStat), category: 'app-data' });
        } else push(p, raw, st, dirStat, b ? r : undefined);
        continue;
      }
      // In the baseline, so every name on the way is UTF-8: `p` is exactly `raw` here.
      if (type === 'dir') {
        if (!(yield* walk(p, raw, r, st, true))) push(p, raw, st, dirStat, r);
      } else if (type === 'file') {
        if (asCaptured(st, b)) continue; // its content is the baseline's (baseline.ts `ctimeMs`): not read
        const hash = st.size === b.size ? patronFileHash(files, p, b.size, home) : undefined;
        // Locked by a running program: it can be neither compared nor replaced now; counted, retried by the next wipe.
        if (hash === 'locked') problems.push({ category: categoryOf(rawKey(raw)), code: 'E_BUSY' });
        else if (hash !== b.sha256) push(p, raw, st, dirStat, r);
      } else if (type === 'link' && linkTarget(raw) !== b.target) push(p, raw, st, dirStat, r);
    }
    if (!inBaseline) return true;
    for (const name of children.get(rel) ?? []) {
      if (!seen.has(name))
        push(path.join(dir, name), joinRaw(dirRaw, Buffer.from(name)), undefined, dirStat, rel ? `${rel}/${name}` : name);
    }
    return true;
  }

  const itemOf = (p: string, raw: Buffer, st: Stats, parent: Stats): PlanItem => ({
    path: p,
    raw,
    entry: 'reset',
    category: 'app-data',
    type: itemType(st),
    dev: st.dev,
    ino: st.ino,
    parentDev: parent.dev,
    parentIno: parent.ino,
    root: home.path,
  });

  try {
    yield* walk(home.path, Buffer.from(home.path), '', lstatSync(home.path), true);
  } finally {
    files.close?.();
  }
  return items;
}
