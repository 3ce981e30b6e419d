/**
 * Firefox-style `profiles.ini`: which folders below an area root are profiles. The file is the
 * patron's: it is read through readPatronFile (no link, no FIFO, at most 1 MiB), parsed in one
 * linear pass (no regular expression that can backtrack on a long line), and at most
 * MAX_INI_PROFILES profiles are taken from it; anything beyond, or a file that cannot be used, is
 * one E_BAD_FILE problem. Matching a folder against the listed profiles is a set look-up, never a
 * scan of the list, so planning stays linear in the number of folders.
 */
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import { matchPath, isPatternPrefix } from './pattern.js';
import { linesOf, readPatronText, type PatronFileAnchor } from '../fs/patron-file.js';
import type { PlanProblem } from '../types.js';

/** Far above any real installation (a handful of profiles), low enough to keep planning cheap. */
export const MAX_INI_PROFILES = 100;

export interface IniProfiles {
  /** Relative profile folders (segments), in file order, without duplicates. */
  profiles: string[][];
  /** The file could not be used, or listed more than MAX_INI_PROFILES profiles. */
  bad: boolean;
}

/** Parses the text of a profiles.ini: relative `Path=` values of each section, `..` dropped. */
export function parseProfilesIni(text: string, limit = MAX_INI_PROFILES): IniProfiles {
  const profiles: string[][] = [];
  const seen = new Set<string>();
  let bad = false;
  let rel: string | undefined;
  let relative = true;
  const flush = () => {
    if (rel !== undefined && relative) {
      const segs = rel.split(/[\\/]/).filter(Boolean);
      const key = segs.join('/');
      // A profile path must stay inside the root: `.`/`..` segments drop the profile.
      if (segs.length > 0 && !segs.some((s) => s === '.' || s === '..') && !seen.has(key)) {
        if (profiles.length < limit) {
          seen.add(key);
          profiles.push(segs);
        } else bad = true;
      }
    }
    rel = undefined;
    relative = true;
  };
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      flush();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    if (key === 'path') rel = line.slice(eq + 1).trim();
    else if (key === 'isrelative') relative = line.slice(eq + 1).trim() !== '0';
  }
  flush();
  return { profiles, bad };
}

/** Reads `<dir>/profiles.ini`; a missing file lists nothing, an unusable one is a problem of `category`. */
export function profilesFromIni(dir: string, category: CategoryId, problems: PlanProblem[], anchor?: PatronFileAnchor): string[][] {
  const file = readPatronText(path.join(dir, 'profiles.ini'), undefined, anchor);
  if (!file.ok) {
    if (file.failure !== 'missing') problems.push({ category, code: 'E_BAD_FILE' });
    return [];
  }
  const parsed = parseProfilesIni(file.text);
  if (parsed.bad) problems.push({ category, code: 'E_BAD_FILE' });
  return parsed.profiles;
}

export interface ProfileMatcher {
  /** `rel` (segments from the area root) is a profile folder. */
  matches(rel: readonly string[]): boolean;
  /** `rel` is a proper prefix of a profile folder: descend into it to find the profile. */
  isPrefix(rel: readonly string[]): boolean;
}

/**
 * Catalogue patterns (`Profiles/*`, a few, with wildcards) are matched as patterns; folders listed
 * by a profiles.ini are literal names (a `*` a patron writes there is no wildcard), looked up in sets.
 */
export function profileMatcher(patterns: readonly string[], listed: readonly string[][], caseInsensitive: boolean): ProfileMatcher {
  const norm = (segs: readonly string[]) => {
    const key = segs.join('\0');
    return caseInsensitive ? key.toLowerCase() : key;
  };
  const exact = new Set(listed.map(norm));
  const prefixes = new Set<string>();
  for (const segs of listed) for (let n = 1; n < segs.length; n++) prefixes.add(norm(segs.slice(0, n)));
  return {
    matches: (rel) => exact.has(norm(rel)) || patterns.some((p) => matchPath(p, rel, caseInsensitive)),
    isPrefix: (rel) => prefixes.has(norm(rel)) || patterns.some((p) => isPatternPrefix(p, rel, caseInsensitive)),
  };
}
