/** The last wipe results (counts only, per category too), in memory and in `<stateDir>/results.json`. */
import path from 'node:path';
import type { WipeResult, WipeTrigger } from '../../../protocol/ipc.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { CategoryId } from '../../../protocol/categories.js';
import type { CategoryCount, WipeSummary } from '../../../protocol/wipe-summary.js';
import { readJsonFile, writeJsonAtomic } from '../base/atomic-file.js';

export const RESULTS_FILE = 'results.json';
export const RESULTS_KEPT = 20;

export function resultOf(summary: WipeSummary, trigger: WipeTrigger, totalMs: number, at = new Date()): WipeResult {
  let items = 0;
  let bytes = 0;
  const categories: NonNullable<WipeResult['categories']> = {};
  for (const [id, c] of Object.entries(summary.categories) as Array<[CategoryId, CategoryCount | undefined]>) {
    if (!c) continue;
    items += c.items;
    bytes += c.bytes;
    categories[id] = { items: c.items, bytes: c.bytes };
  }
  return {
    at: at.toISOString(),
    trigger,
    outcome: summary.outcome,
    items,
    bytes,
    safeMs: summary.safeMs,
    doneMs: summary.doneMs,
    totalMs: Math.round(totalMs),
    remaining: summary.remaining,
    failures: summary.failures.map((f) => ({ ...f })),
    categories,
    ...(summary.scope ? { scope: summary.scope } : {}),
  };
}

export function failedResult(trigger: WipeTrigger, code: ErrorCode, totalMs: number, at = new Date()): WipeResult {
  return {
    at: at.toISOString(),
    trigger,
    outcome: code === 'E_ACCOUNT_REFUSED' || code === 'E_ACCOUNT_UNKNOWN' || code === 'E_ROOT_REFUSED' ? 'refused' : 'failed',
    items: 0,
    bytes: 0,
    safeMs: 0,
    doneMs: 0,
    totalMs: Math.round(totalMs),
    remaining: 0,
    failures: [],
    code,
  };
}

export class ResultStore {
  private readonly list: WipeResult[];
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, RESULTS_FILE);
    const saved = readJsonFile(this.file);
    this.list = Array.isArray(saved) ? (saved as WipeResult[]).slice(-RESULTS_KEPT) : [];
  }

  add(result: WipeResult): void {
    this.list.push(result);
    while (this.list.length > RESULTS_KEPT) this.list.shift();
    try {
      writeJsonAtomic(this.file, this.list, { mode: 0o600 });
    } catch {
      // Kept in memory; the journal (not this file) is what recovery relies on.
    }
  }

  /** Newest last. */
  all(): WipeResult[] {
    return this.list.map((r) => ({ ...r }));
  }
}

/** Results on disk (status when no agent runs). */
export function savedResults(stateDir: string): WipeResult[] {
  const saved = readJsonFile(path.join(stateDir, RESULTS_FILE));
  return Array.isArray(saved) ? (saved as WipeResult[]) : [];
}
