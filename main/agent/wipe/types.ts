import type { CategoryId } from '../../../protocol/categories.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { WipeMode } from '../../../protocol/wipe-summary.js';
import type { Base, Platform } from '../catalog/schema.js';
import type { Baseline } from './baseline.js';

/** One patron account to wipe: its home and the shared temp folders to sweep for its uid. */
export interface Target {
  /** The patron home. Pinned with realpath before planning. */
  home: string;
  /** Owner whose entries are swept from shared temp folders; defaults to the home's owner. */
  uid?: number;
  /** Shared temp folders (/tmp, /var/tmp): only top-level entries owned by `uid` are wiped. */
  tempRoots: string[];
  /** Overrides for bases that cannot be derived from the home (Recycle Bin, macOS per-user temp). */
  bases?: Partial<Record<Base, string>>;
  /** Problems found while resolving the target (an ambiguous macOS per-user folder); the plan reports them. */
  problems?: PlanProblem[];
  /** [outside] The account name, when the target is an account: its print jobs are found by it. */
  account?: string;
  /**
   * [outside] Folders outside the home where only the patron's own top-level entries go, like
   * tempRoots, but that may be absent (/dev/shm, /var/crash, a leftover /run/user/<uid>).
   */
  ownedRoots?: OwnedRoot[];
  /** This target's mode when it differs from the selection's (the wipe job: reset where a baseline exists). */
  mode?: WipeMode;
}

/** [outside] An owner-swept folder; `leftoverOnly`: skipped while it is a mount point (a live session's). */
export interface OwnedRoot {
  path: string;
  leftoverOnly?: boolean;
}

export interface Selection {
  platform: Platform;
  mode: WipeMode;
  targets: Target[];
  /** Categories to wipe; all when absent. */
  categories?: CategoryId[];
  /** State directory (baselines for reset mode). */
  stateDir: string;
  /** [home-template] Names in the home root IT keeps (config `homeKeep`), besides the account template. */
  homeKeep?: string[];
  /** [outside] Where the print system is (defaults: the local CUPS, the Windows spooler). */
  print?: PrintOptions;
}

/** A unit of deletion: a top-level file, link or folder, found by lstat, never through a link. */
export interface PlanItem {
  /**
   * Absolute path, for display (`plan --paths`) and bookkeeping; a name that is not UTF-8 shows
   * as U+FFFD here. Stays in memory: it never reaches output, logs or reports (except `plan --paths`).
   */
  path: string;
  /** The same path as its exact bytes: every filesystem call on the item uses this. */
  raw: Buffer;
  /** Catalogue entry id (`chrome`, `firefox`, `downloads`, `reset`, ...). */
  entry: string;
  category: CategoryId;
  /** `absent`: reset mode restores something the baseline has and the home lost. */
  type: 'file' | 'dir' | 'link' | 'other' | 'absent';
  dev: number;
  ino: number;
  /** Identity of the folder holding the item, re-checked right before acting. */
  parentDev: number;
  parentIno: number;
  /** The pinned root the item belongs to. */
  root: string;
  /** Reset mode: the baseline entry (relative path) to restore here once the old item is gone. */
  restoreFrom?: string;
  /**
   * A kept name that was not what its writer makes when planned (keep-check.ts): the same file
   * may be kept by a later plan, so an earlier plan's early moves leave it (execute/early.ts).
   */
  keptName?: true;
}

/**
 * Clean mode: a profile folder each of whose entries is an item of the plan (nothing in it kept).
 * The executor renames it in one step, then its entries one by one inside the graveyard, so each
 * is still reaped and counted as its own item; when the folder cannot be moved, they move one by one.
 */
export interface WholeFolder extends PlanItem {
  type: 'dir';
  /** How many of the plan's items are its entries. */
  entries: number;
}

export interface PlanProblem {
  category: CategoryId;
  code: ErrorCode;
}

export interface Plan {
  selection: Selection;
  items: PlanItem[];
  /** Every pinned root (homes, temp folders, extra roots): graveyards left in them are reaped. */
  roots: string[];
  /** Identity (dev:ino) of each pinned root at planning: the executor opens each root once and checks it. */
  rootIds: Map<string, { dev: number; ino: number }>;
  /** Reset mode: the baseline of each pinned home. */
  baselines: Map<string, Baseline>;
  /** Things seen but not planned (mount points, unreadable folders), by category and code. */
  problems: PlanProblem[];
  /** Clean mode: folders the executor may move in one step (their entries are all items). */
  whole?: WholeFolder[];
}

/** Where the print system is (defaults: the local CUPS, the Windows spooler). */
export interface PrintOptions {
  /** CUPS server: a socket path or host[:port] (default the local socket, else localhost:631). */
  cupsServer?: string;
  /** CUPS server root (cupsd.conf, cups-files.conf); default /etc/cups. */
  cupsServerRoot?: string;
  /** Folder of cups-pdf*.conf; default /etc/cups (cups-pdf's compiled-in place). */
  cupsPdfConfDir?: string;
}
