/**
 * The renames of one wipe, shared by its early moves (early.ts) and its executor: each root's
 * graveyard (opened once), what went into the graveyards, and the next free name in them.
 */
import { lstatSync, renameSync } from 'node:fs';
import { openGraveyard, pathGraveyard, type Graveyard } from './graveyard.js';
import type { Anchors, Located } from './place.js';
import type { Pacer } from '../pace.js';
import { joinRaw } from '../fs/names.js';
import { same, splitLast } from '../fs/beneath.js';
import type { Plan, PlanItem } from '../types.js';

/** An item in a graveyard; `parts`: a folder moved whole, with the items that are its entries. */
export interface Moved {
  item: PlanItem;
  to: string;
  graveyard: Graveyard;
  parts?: PlanItem[];
}

export class Moves {
  readonly moved: Moved[] = [];
  private readonly graveyards = new Map<string, Graveyard | null>();
  /** The next free name in the graveyards. */
  private slot = 0;

  /** The root's graveyard, or null where none can be made (read-only or odd root: the executor deletes in place). */
  graveyardOf(root: string, anchors: Anchors): Graveyard | null {
    let graveyard = this.graveyards.get(root);
    if (graveyard === undefined) {
      try {
        graveyard = process.platform === 'linux' ? openGraveyard(root, anchors.root(root)) : pathGraveyard(root);
      } catch {
        graveyard = null;
      }
      this.graveyards.set(root, graveyard);
    }
    return graveyard;
  }

  /**
   * Renames the item, just located, into its root's graveyard (the last component is never
   * followed; on Linux its folder is the pinned one). False when it cannot be: no graveyard,
   * locked (Windows), a mount point (EBUSY).
   */
  rename(item: PlanItem, found: Located, anchors: Anchors, parts?: PlanItem[]): boolean {
    const graveyard = this.graveyardOf(item.root, anchors);
    if (!graveyard) return false;
    const to = graveyard.to(this.slot++);
    try {
      renameSync(found.from, to);
    } catch {
      return false;
    }
    anchors.acted(item);
    this.moved.push({ item, to: to.toString(), graveyard, ...(parts ? { parts } : {}) });
    return true;
  }

  /**
   * After "safe": each entry of a folder moved whole becomes an item of the graveyard itself, so
   * it is reaped and counted in its own category. Only the planned inode: anything else under its
   * name (swapped in meanwhile) stays in the folder and is reaped and counted with it.
   */
  async splitWhole(pacer: Pacer): Promise<void> {
    for (const whole of this.moved.filter((m) => m.parts !== undefined)) {
      await pacer.maybePause();
      for (const part of whole.parts ?? []) {
        const from = joinRaw(Buffer.from(whole.to), splitLast(part.raw).name);
        try {
          const st = lstatSync(from, { throwIfNoEntry: false });
          if (!st || st.dev !== part.dev || st.ino !== part.ino) continue;
          const to = whole.graveyard.to(this.slot++);
          renameSync(from, to);
          this.moved.push({ item: part, to: to.toString(), graveyard: whole.graveyard });
        } catch {
          // not movable: it stays in the folder
        }
      }
    }
  }

  /** Whether the folder (dev:ino) is one of these graveyards. */
  owns(folder: { dev: number; ino: number }): boolean {
    for (const graveyard of this.graveyards.values()) if (graveyard && same(graveyard.id, folder)) return true;
    return false;
  }

  /** Removes the graveyards that are empty (what stayed inside one is reaped by the next wipe, see leftoversOf). */
  close(): void {
    for (const graveyard of this.graveyards.values()) graveyard?.remove();
    this.graveyards.clear();
  }
}

/** An item, or a folder moved whole with the items that are its entries. */
export interface Unit {
  item: PlanItem;
  parts?: PlanItem[];
}

/** The plan's items in order, those of a whole folder (never restored ones) as one unit where the first of them was. */
export function unitsOf(plan: Plan): Unit[] {
  if (!plan.whole?.length) return plan.items.map((item) => ({ item }));
  const id = (dev: number, ino: number) => `${dev}:${ino}`;
  const folders = new Map(plan.whole.map((folder) => [id(folder.dev, folder.ino), { item: folder as PlanItem, parts: [] as PlanItem[] }]));
  for (const item of plan.items) {
    const unit = folders.get(id(item.parentDev, item.parentIno));
    if (!unit) continue;
    if (item.restoreFrom !== undefined || item.type === 'absent') folders.delete(id(item.parentDev, item.parentIno));
    else unit.parts.push(item);
  }
  const units: Unit[] = [];
  const placed = new Set<Unit>();
  for (const item of plan.items) {
    const unit = folders.get(id(item.parentDev, item.parentIno));
    if (!unit) units.push({ item });
    else if (!placed.has(unit)) {
      placed.add(unit);
      units.push(unit);
    }
  }
  return units;
}
