/**
 * An independent reading of the catalogue's pattern language for the tests: `/`-separated
 * segments, `*` matches within one segment, case-insensitive on win32/darwin. Kept apart from
 * the planner's matcher on purpose, so a test checks the data, not the engine.
 */
import type { Rule } from '../../../main/agent/catalog/schema.js';

function segmentMatches(pattern: string, name: string, ci: boolean): boolean {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, ci ? 'i' : '').test(name);
}

/** Whether a `/`-path matches a pattern exactly (same number of segments). */
export function globMatches(pattern: string, relPath: string, ci = true): boolean {
  const parts = pattern.split('/');
  const rel = relPath.split('/');
  return parts.length === rel.length && parts.every((p, i) => segmentMatches(p, rel[i] as string, ci));
}

/** The first rule matching a path, as the planner applies them. */
export function firstRule(rules: readonly Rule[], relPath: string, ci = true): Rule | undefined {
  return rules.find((r) => globMatches(r.match, relPath, ci));
}
