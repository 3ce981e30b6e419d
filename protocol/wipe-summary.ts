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
}
