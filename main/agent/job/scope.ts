/**
 * What a wipe covers, per target: `mode: "auto"` (the default) resets an account whose home IT
 * captured (`tabula baseline capture`) and wipes the catalogue elsewhere; `clean` always wipes the
 * catalogue; `reset` always resets (E_BASELINE_MISSING without a baseline). A wipe while the
 * session is still open (staff "Wipe now") is a catalogue wipe in auto mode: a live session's
 * settings files cannot be reset under it.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../protocol/categories.js';
import type { WipeMode } from '../../../protocol/wipe-summary.js';
import type { Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import { baselineDir } from '../wipe/baseline.js';
import type { Plan, Selection, Target } from '../wipe/types.js';

import type { ConfigMode } from './config-mode.js';
export { CONFIG_MODES, isConfigMode, type ConfigMode } from './config-mode.js';

/** Whether IT captured a baseline of this home (the manifest exists in the root-only state directory). */
export function hasBaseline(stateDir: string, home: string): boolean {
  let real: string;
  try {
    real = realpathSync(home);
  } catch {
    return false; // a missing home: the planner says E_ROOT_MISSING
  }
  return existsSync(path.join(baselineDir(stateDir, real), 'manifest.json'));
}

export interface ScopeOptions {
  /** The command line's `--mode` (over the configuration's). */
  mode?: ConfigMode;
  /** The command line's `--category` (over the configuration's). */
  categories?: CategoryId[];
  /** The patron's session is still open (staff "Wipe now", a preview of it). */
  sessionOpen?: boolean;
}

export interface Scope {
  selection: Selection;
  /** Targets without a captured baseline: their wipe is the catalogue wipe, the weaker scope. */
  withoutBaseline: number;
}

/** One target's mode under `mode`. */
export function targetMode(mode: ConfigMode, hasOne: boolean, sessionOpen: boolean): WipeMode {
  if (mode !== 'auto') return mode;
  return hasOne && !sessionOpen ? 'reset' : 'clean';
}

/** The Selection of a wipe of `targets`, every target with its own mode (see the file comment). */
export function scopeOf(
  config: Config,
  platform: Platform,
  targets: readonly Target[],
  stateDir: string,
  options: ScopeOptions = {},
): Scope {
  const mode = options.mode ?? config.mode ?? 'auto';
  let withoutBaseline = 0;
  const scoped = targets.map((target): Target => {
    const hasOne = hasBaseline(stateDir, target.home);
    if (!hasOne) withoutBaseline++;
    return { ...target, mode: targetMode(mode, hasOne, options.sessionOpen === true) };
  });
  // The selection's own mode is what the summary says: `reset` only when every target is reset.
  const all: WipeMode = scoped.length > 0 && scoped.every((t) => t.mode === 'reset') ? 'reset' : 'clean';
  const categories = options.categories ?? (config.categories as CategoryId[] | undefined);
  const selection: Selection = { platform, mode: all, targets: scoped, categories, stateDir };
  // [outside] [home-template] Where the print system is; IT's names in the home root.
  if (config.print) selection.print = config.print;
  if (config.homeKeep) selection.homeKeep = config.homeKeep;
  return { selection, withoutBaseline };
}

/**
 * `earlier` when a wipe of `selection` may move its items first: both clean catalogue wipes of
 * the same homes, shared temp folders and categories (the items are then items of the fresh plan
 * too, as long as they are still as planned, which the early moves check one by one).
 */
export function earlierPlanFor(earlier: Plan | undefined, selection: Selection): Plan | undefined {
  if (!earlier) return undefined;
  const clean = (s: Selection) => s.mode === 'clean' && s.targets.every((t) => (t.mode ?? s.mode) === 'clean');
  const shape = (s: Selection) =>
    JSON.stringify([
      s.platform,
      s.categories ?? null,
      s.homeKeep ?? null,
      s.targets.map((t) => [t.home, t.uid, t.tempRoots, t.ownedRoots ?? [], t.bases ?? {}]),
    ]);
  return clean(earlier.selection) && clean(selection) && shape(earlier.selection) === shape(selection) ? earlier : undefined;
}
