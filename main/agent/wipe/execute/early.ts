/**
 * Early moves (issue 14). A session end's "safe" time is mostly its plan. The session's last
 * warm-up plan (job/warm-plan.ts) is an earlier plan of the same selection, so its items are
 * renamed into the graveyards first, and then the wipe plans afresh: that plan still decides
 * what is removed and verified, but it walks a home that holds little besides what it keeps.
 *
 * The earlier plan may be a warm-up interval old, so this pass renames only what is still
 * exactly as planned and leaves everything else to the fresh plan:
 * - each item is located as the executor locates it (place.ts: its folder and itself by
 *   dev:ino, beneath the pinned root); gone, changed or on a mount, it is left;
 * - an item with a kept name (`PlanItem.keptName`) is left: the same file may be kept now;
 * - a whole folder is renamed in one step only while it holds nothing but its planned entries
 *   (a name added since may be one the fresh plan keeps); otherwise its entries go one by one;
 * - only items in the homes move early: in a shared folder (/tmp, /dev/shm, a Recycle Bin) the
 *   name and inode of a patron's deleted entry may have gone to another account's since, and
 *   the fresh plan checks the owner again;
 * - nothing is deleted in place, and nothing here is a failure.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { Anchors, type Located } from './place.js';
import { unitsOf, type Moves, type Unit } from './moves.js';
import type { Pacer } from '../pace.js';
import { splitLast } from '../fs/beneath.js';
import type { Plan, PlanItem } from '../types.js';

/** Renames what `earlier` planned and is still as planned into `moves`' graveyards; resolves with the items moved. */
export async function moveEarly(earlier: Plan, moves: Moves, pacer: Pacer): Promise<number> {
  const anchors = new Anchors(earlier.rootIds);
  const homes = new Set(earlier.selection.targets.map((target) => realHome(target.home)));
  let count = 0;
  try {
    const queue = unitsOf(earlier);
    for (let u = 0; u < queue.length; u++) {
      const { item, parts } = queue[u] as Unit;
      await pacer.maybePause();
      if (!homes.has(item.root) || item.keptName || item.type === 'absent' || item.restoreFrom !== undefined) continue;
      const found = anchors.locate(item);
      if (typeof found !== 'object') continue;
      if (!parts) {
        if (moves.rename(item, found, anchors)) count++;
      } else if (holdsOnly(found, parts) && moves.rename(item, found, anchors, parts)) {
        count += parts.length;
      } else {
        queue.splice(u + 1, 0, ...parts.map((part) => ({ item: part })));
      }
    }
  } finally {
    anchors.close(); // the graveyards keep descriptors of their own
  }
  return count;
}

/** The home's real path as the planner pinned it (roots.ts), or undefined when it is gone. */
function realHome(home: string): string | undefined {
  try {
    return realpathSync.native(home);
  } catch {
    return undefined;
  }
}

/** Whether the folder lists only names of its planned entries, none of them a kept name. */
function holdsOnly(folder: Located, parts: readonly PlanItem[]): boolean {
  if (parts.some((part) => part.keptName)) return false;
  const names = new Set(parts.map((part) => splitLast(part.raw).name.toString('latin1')));
  try {
    return readdirSync(folder.from, { encoding: 'buffer' }).every((name) => names.has(name.toString('latin1')));
  } catch {
    return false;
  }
}
