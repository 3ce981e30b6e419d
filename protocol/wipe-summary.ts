import type { CategoryId } from './categories.js';
import type { ErrorCode } from './error-codes.js';

export type WipeMode = 'clean' | 'reset';
export type WipeOutcome = 'clean' | 'partial' | 'failed';

export interface CategoryCount {
  /** Files, links and folders removed (or that a dry run would remove). */
  items: number;
  bytes: number;
}

export interface FailureCount {
  category: CategoryId;
  code: ErrorCode;
  count: number;
}

/** What `tabula wipe --json` prints and what reports are built from: counts only. */
export interface WipeSummary {
  mode: WipeMode;
  dryRun: boolean;
  outcome: WipeOutcome;
  categories: Partial<Record<CategoryId, CategoryCount>>;
  failures: FailureCount[];
  /** Milliseconds from the start of the wipe until nothing is reachable by the next patron. */
  safeMs: number;
  /** Milliseconds from the start of the wipe until everything is physically deleted. */
  doneMs: number;
  browsersClosed: number;
  /** Items a re-plan still found after the wipe (0 when verified clean). */
  remaining: number;
  /** What this wipe covered and verified, and the areas it could not (their failures say why). */
  scope?: WipeScope;
}

/**
 * Areas a wipe claims: the home (catalogue in `clean`, baseline in `reset`), the patron's entries
 * in shared temp folders and other owner-swept folders (`owned`), and print jobs with their logs.
 */
export const SCOPE_AREAS = ['home', 'owned', 'print-jobs'] as const;
export type ScopeArea = (typeof SCOPE_AREAS)[number];

export interface WipeScope {
  /** Areas looked at after the wipe (or, for a dry run, planned). */
  verified: ScopeArea[];
  /** Areas that could not be checked (print system unreachable, spool unreadable): never `clean`. */
  unchecked: ScopeArea[];
  /** Areas this PC or selection does not have (no CUPS installed; a `--home` target has no account). */
  notApplicable: ScopeArea[];
}
