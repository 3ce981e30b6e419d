/** Matching of catalogue patterns: `/`-separated segments, `*` matches within one segment. */

const cache = new Map<string, RegExp>();

function segmentRegExp(segment: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${segment}`;
  let re = cache.get(key);
  if (!re) {
    const body = segment
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    // Segments from a patron's user-dirs.dirs pass through here too: the cache stays bounded.
    if (cache.size >= 4096) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function matchSegment(pattern: string, name: string, caseInsensitive: boolean): boolean {
  return segmentRegExp(pattern, caseInsensitive).test(name);
}

export function splitPattern(pattern: string): string[] {
  return pattern.split('/');
}

/** Whether `rel` (segments) matches `pattern` exactly. */
export function matchPath(pattern: string, rel: readonly string[], caseInsensitive: boolean): boolean {
  const parts = splitPattern(pattern);
  return parts.length === rel.length && parts.every((p, i) => matchSegment(p, rel[i] as string, caseInsensitive));
}

/** Whether `rel` (segments) is a proper prefix of something `pattern` matches: descend into it. */
export function isPatternPrefix(pattern: string, rel: readonly string[], caseInsensitive: boolean): boolean {
  const parts = splitPattern(pattern);
  return parts.length > rel.length && rel.every((r, i) => matchSegment(parts[i] as string, r, caseInsensitive));
}
