/**
 * Matching of catalogue patterns: `/`-separated segments, `*` matches within one segment.
 *
 * A pattern is compiled once per case mode and kept: a segment without `*` on a case-sensitive
 * platform is compared as a string, any other segment by its regular expression. The planner
 * matches every entry it looks at against several patterns, so this is on the wipe's hot path.
 */

/** A compiled segment: an exact name, or the expression a name must match. */
type Segment = string | RegExp;

/** Patterns from a patron's user-dirs.dirs pass through here too: each cache stays bounded. */
const MAX_CACHED = 4096;
const segments = { sensitive: new Map<string, Segment>(), insensitive: new Map<string, Segment>() };
const patterns = { sensitive: new Map<string, readonly Segment[]>(), insensitive: new Map<string, readonly Segment[]>() };

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

function compileSegment(segment: string, caseInsensitive: boolean): Segment {
  const cache = caseInsensitive ? segments.insensitive : segments.sensitive;
  const known = cache.get(segment);
  if (known !== undefined) return known;
  if (!caseInsensitive && !segment.includes('*')) return remember(cache, segment, segment);
  const body = segment
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return remember(cache, segment, new RegExp(`^${body}$`, caseInsensitive ? 'i' : ''));
}

function compile(pattern: string, caseInsensitive: boolean): readonly Segment[] {
  const cache = caseInsensitive ? patterns.insensitive : patterns.sensitive;
  return (
    cache.get(pattern) ??
    remember(
      cache,
      pattern,
      pattern.split('/').map((s) => compileSegment(s, caseInsensitive)),
    )
  );
}

const test = (segment: Segment, name: string): boolean => (typeof segment === 'string' ? segment === name : segment.test(name));

export function matchSegment(pattern: string, name: string, caseInsensitive: boolean): boolean {
  return test(compileSegment(pattern, caseInsensitive), name);
}

/**
 * The one name `segment` matches, when it matches exactly one (no `*`, case-sensitive) and that
 * name is a plain entry name (UTF-8 exactly: no U+FFFD from an undecodable byte) that a caller may look up
 * directly instead of listing the folder.
 */
export function exactName(segment: string, caseInsensitive: boolean): string | undefined {
  if (caseInsensitive || segment.includes('*') || segment === '' || segment === '.' || segment === '..') return undefined;
  return /[/\\\0\uFFFD]/.test(segment) ? undefined : segment;
}

/** Whether `rel` (segments) matches `pattern` exactly. */
export function matchPath(pattern: string, rel: readonly string[], caseInsensitive: boolean): boolean {
  const parts = compile(pattern, caseInsensitive);
  if (parts.length !== rel.length) return false;
  for (let i = 0; i < parts.length; i++) if (!test(parts[i] as Segment, rel[i] as string)) return false;
  return true;
}

/** Whether `rel` (segments) is a proper prefix of something `pattern` matches: descend into it. */
export function isPatternPrefix(pattern: string, rel: readonly string[], caseInsensitive: boolean): boolean {
  const parts = compile(pattern, caseInsensitive);
  if (parts.length <= rel.length) return false;
  for (let i = 0; i < rel.length; i++) if (!test(parts[i] as Segment, rel[i] as string)) return false;
  return true;
}
