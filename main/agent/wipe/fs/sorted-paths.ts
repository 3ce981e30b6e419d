/**
 * "Does any of these paths lie below this folder?" in O(log n): the planner asks it for every
 * folder it plans (mount points below an item, catalogued items below a reset folder), so a scan of
 * the list each time would make planning quadratic in the number of items (issue 9, case 9).
 */
const sortedCopies = new WeakMap<readonly string[], readonly string[]>();

/** A sorted copy of `paths`, made once per array (the arrays are not changed after planning starts). */
export function sortedPaths(paths: readonly string[]): readonly string[] {
  let sorted = sortedCopies.get(paths);
  if (!sorted || sorted.length !== paths.length) {
    sorted = [...paths].sort();
    sortedCopies.set(paths, sorted);
  }
  return sorted;
}

/** Whether some entry of `sorted` (sorted by code unit) starts with `prefix`. */
export function someStartsWith(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as string).startsWith(prefix);
}
