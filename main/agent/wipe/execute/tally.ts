/** Counts by category and failures by (category, code): the only things a wipe tells anyone. */
import type { CategoryId } from '../../../../protocol/categories.js';
import type { ErrorCode } from '../../../../protocol/error-codes.js';
import type { CategoryCount, FailureCount } from '../../../../protocol/wipe-summary.js';

export class Tally {
  readonly categories: Partial<Record<CategoryId, CategoryCount>> = {};
  private readonly failureMap = new Map<string, FailureCount>();

  count(category: CategoryId, items: number, bytes: number): void {
    addCount(this.categories, category, { items, bytes });
  }

  fail(category: CategoryId, code: ErrorCode, count = 1): void {
    const key = `${category}:${code}`;
    const f = this.failureMap.get(key);
    if (f) f.count += count;
    else this.failureMap.set(key, { category, code, count });
  }

  get failures(): FailureCount[] {
    return [...this.failureMap.values()].sort((a, b) => a.category.localeCompare(b.category) || a.code.localeCompare(b.code));
  }

  get totalItems(): number {
    return Object.values(this.categories).reduce((n, c) => n + (c?.items ?? 0), 0);
  }
}

/** Adds one category's counts into a table of counts (a summary's, an area's). */
export function addCount(into: Partial<Record<CategoryId, CategoryCount>>, category: CategoryId, count: CategoryCount): void {
  const c = (into[category] ??= { items: 0, bytes: 0 });
  c.items += count.items;
  c.bytes += count.bytes;
}

/** Adds every category of `from` into `into`. */
export function addCounts(into: Partial<Record<CategoryId, CategoryCount>>, from: Partial<Record<CategoryId, CategoryCount>>): void {
  for (const [category, count] of Object.entries(from) as [CategoryId, CategoryCount | undefined][]) {
    if (count) addCount(into, category, count);
  }
}

/** Adds a failure to a list of failures, joining it with the one of the same category and code. */
export function addFailure(list: FailureCount[], failure: FailureCount): void {
  const same = list.find((f) => f.category === failure.category && f.code === failure.code);
  if (same) same.count += failure.count;
  else list.push({ ...failure });
}
