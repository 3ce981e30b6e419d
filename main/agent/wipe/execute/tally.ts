/** Counts by category and failures by (category, code): the only things a wipe tells anyone. */
import type { CategoryId } from '../../../../protocol/categories.js';
import type { ErrorCode } from '../../../../protocol/error-codes.js';
import type { CategoryCount, FailureCount } from '../../../../protocol/wipe-summary.js';

export class Tally {
  readonly categories: Partial<Record<CategoryId, CategoryCount>> = {};
  private readonly failureMap = new Map<string, FailureCount>();

  count(category: CategoryId, items: number, bytes: number): void {
    const c = (this.categories[category] ??= { items: 0, bytes: 0 });
    c.items += items;
    c.bytes += bytes;
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
