/**
 * Follows a catalogue location's segments from a pinned folder (the home, or an extra root), by
 * lstat and readdir only, never through a link.
 *
 * Many locations share their first folders (`~/.config`, `~/.var/app`, `~/snap`), so one plan
 * looks each folder up once: `Lookups` keeps the answers (an lstat, a listing) for the plan it
 * belongs to. A plan is a snapshot; the executor re-checks every item by identity before acting.
 */
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import { isMountPoint } from './classify.js';
import { joinRaw, listDir, rawKey, type Entry } from '../fs/names.js';
import { exactName, matchSegment } from './pattern.js';
import type { PinnedRoot } from './roots.js';
import type { Steps } from '../pace.js';
import type { PlanProblem } from '../types.js';

export interface Found {
  path: string;
  raw: Buffer;
  stat: Stats;
  parent: Stats;
  /** Matched by a `*` segment: a link there (a Snap's `current`) is skipped silently. */
  wildcard?: boolean;
}

/** One plan's answers: lstat of a name (undefined: absent or unreadable), listing of a folder (undefined: unreadable). */
export class Lookups {
  private readonly stats = new Map<string, Stats | undefined>();
  private readonly listings = new Map<string, Entry[] | undefined>();

  lstat(raw: Buffer): Stats | undefined {
    const key = rawKey(raw);
    if (this.stats.has(key)) return this.stats.get(key);
    let stat: Stats | undefined;
    try {
      stat = lstatSync(raw, { throwIfNoEntry: false }); // most catalogued folders are absent: no error object for those
    } catch {
      // unreadable: as a listing that cannot be read, nothing found here
    }
    this.stats.set(key, stat);
    return stat;
  }

  list(raw: Buffer): Entry[] | undefined {
    const key = rawKey(raw);
    if (this.listings.has(key)) return this.listings.get(key);
    let entries: Entry[] | undefined;
    try {
      entries = listDir(raw);
    } catch {
      // unreadable: nothing found here
    }
    this.listings.set(key, entries);
    return entries;
  }
}

export function* resolveSegments(
  start: PinnedRoot,
  segments: readonly string[],
  ci: boolean,
  mounts: readonly string[],
  problems: PlanProblem[],
  category: CategoryId,
  lookups: Lookups,
): Steps<Found[]> {
  const startRaw = Buffer.from(start.path);
  const startStat = lookups.lstat(startRaw) ?? lstatSync(startRaw); // a pinned root gone: the plan fails, as it must
  let current: Found[] = [{ path: start.path, raw: startRaw, stat: startStat, parent: startStat }];
  for (const segment of segments) {
    const next: Found[] = [];
    for (const dir of current) {
      if (!dir.stat.isDirectory()) {
        if (dir.stat.isSymbolicLink() && !dir.wildcard) problems.push({ category, code: 'E_ROOT_IS_LINK' });
        continue;
      }
      if (dir.stat.dev !== start.dev || (dir.path !== start.path && isMountPoint(dir.path, mounts))) {
        problems.push({ category, code: 'E_MOUNT' });
        continue;
      }
      const exact = exactName(segment, ci);
      if (exact !== undefined) {
        // One lstat instead of listing the folder: the same entry a listing would match.
        yield;
        const raw = joinRaw(dir.raw, Buffer.from(exact));
        const stat = lookups.lstat(raw);
        if (stat) next.push({ path: path.join(dir.path, exact), raw, stat, parent: dir.stat });
        continue;
      }
      for (const { name, raw: rawName } of lookups.list(dir.raw) ?? []) {
        yield;
        if (!matchSegment(segment, name, ci)) continue;
        const raw = joinRaw(dir.raw, rawName);
        const stat = lookups.lstat(raw); // undefined: vanished since the listing
        if (stat) next.push({ path: path.join(dir.path, name), raw, stat, parent: dir.stat, wildcard: segment.includes('*') });
      }
    }
    current = next;
  }
  return current;
}
