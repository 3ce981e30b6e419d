/**
 * Reset mode: compares the home with its baseline. What the baseline lacks is deleted, what
 * differs is deleted and restored, what is missing is restored, and what is unchanged is left.
 * Items are categorised by the catalogue where it knows them, else `app-data`.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import { createHash } from 'node:crypto';
import { entryType, type Baseline } from '../baseline.js';
import { joinRaw, listDir, rawKey } from '../fs/names.js';
import { containsMount, itemType } from './classify.js';
import { isGraveyard } from '../execute/graveyard.js';
import type { Steps } from '../pace.js';
import type { PinnedRoot } from './roots.js';
import type { PlanItem } from '../types.js';
import { readPatronFile } from '../fs/patron-file.js';
import { someStartsWith } from '../fs/sorted-paths.js';

/**
 * The sha256 of a patron file, read through readPatronFile (no link, no FIFO) and never beyond the
 * baseline's size: a file that cannot be read so is "changed" (its item is then re-checked by identity).
 */
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

function patronFileHash(p: string, size: number | undefined, home: PinnedRoot): string | undefined {
  const r = readPatronFile(p, size ?? 0, home);
  return r.ok ? createHash('sha256').update(r.data).digest('hex') : undefined;
}

export interface ResetInput {
  home: PinnedRoot;
  baseline: Baseline;
  /** Items the clean plan found in this home: rawKey(path) → category. */
  catalogued: Map<string, CategoryId>;
  mounts: readonly string[];
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

/** Yields after each entry compared, so a paced run can give the event loop a turn there. */
export function* planReset(input: ResetInput): Steps<PlanItem[]> {
  const { home, baseline, catalogued, mounts } = input;
  const children = childrenIndex(baseline);
  const cataloguedPaths = [...catalogued.keys()].sort();
  const items: PlanItem[] = [];

  const categoryOf = (p: string): CategoryId => {
    for (let cur = p; cur.length >= rawKey(Buffer.from(home.path)).length; cur = path.dirname(cur)) {
      const c = catalogued.get(cur);
      if (c) return c;
      if (path.dirname(cur) === cur) break;
    }
    return 'app-data';
  };
  const holdsCatalogued = (p: string) => someStartsWith(cataloguedPaths, p + path.sep);

  const push = (p: string, raw: Buffer, st: Stats | undefined, parent: Stats, rel: string | undefined) => {
    if (st && (st.dev !== home.dev || (st.isDirectory() && containsMount(p, mounts)))) return;
    items.push({
      path: p, raw, entry: 'reset', category: categoryOf(rawKey(raw)), type: st ? itemType(st) : 'absent',
      dev: st?.dev ?? parent.dev, ino: st?.ino ?? 0, parentDev: parent.dev, parentIno: parent.ino,
      root: home.path, ...(rel !== undefined ? { restoreFrom: rel } : {}),
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
      } else if (type === 'file' && (st.size !== b.size || patronFileHash(p, b.size, home) !== b.sha256)) push(p, raw, st, dirStat, r);
      else if (type === 'link' && linkTarget(raw) !== b.target) push(p, raw, st, dirStat, r);
    }
    if (!inBaseline) return true;
    for (const name of children.get(rel) ?? []) {
      if (!seen.has(name)) push(path.join(dir, name), joinRaw(dirRaw, Buffer.from(name)), undefined, dirStat, rel ? `${rel}/${name}` : name);
    }
    return true;
  }

  const itemOf = (p: string, raw: Buffer, st: Stats, parent: Stats): PlanItem => ({
    path: p, raw, entry: 'reset', category: 'app-data', type: itemType(st), dev: st.dev, ino: st.ino,
    parentDev: parent.dev, parentIno: parent.ino, root: home.path,
  });

  yield* walk(home.path, Buffer.from(home.path), '', lstatSync(home.path), true);
  return items;
}
