/**
 * The areas every Chromium-family browser has: its User Data folder (profiles + root files), its
 * separate disk-cache folder (Linux ~/.cache, macOS ~/Library/Caches; on Windows the cache is
 * inside the profile), and macOS window restoration state. Each browser file gives the paths.
 */
import type { Area, Location, Rule } from '../schema.js';
import { CHROMIUM_KEEP, CHROMIUM_PROFILE_DIRS, CHROMIUM_PROFILE_RULES, CHROMIUM_ROOT_RULES } from './chromium-rules.js';

export interface ChromiumFamily {
  /** User Data folders per platform. */
  userData: Area['roots'];
  /** Separate disk-cache folders per platform; everything in them is `cache`. */
  caches?: Area['roots'];
  /** macOS `~/Library/Saved Application State/<bundle id>.savedState`: open windows and tabs. */
  savedState?: Location[];
  /** More profile folders than the Chromium ones. */
  extraProfileDirs?: string[];
  /** Browser-specific profile rules, tried before the Chromium ones. */
  extraRules?: Rule[];
  /** The User Data folder is itself a profile (Opera). */
  rootIsProfile?: boolean;
}

/** Drops a rule whose pattern an earlier rule already has (it could never match). */
function withoutRepeats(list: Rule[]): Rule[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.match.toLowerCase()) && seen.add(r.match.toLowerCase()));
}

export function chromiumAreas(family: ChromiumFamily): Area[] {
  const profileRules = [...(family.extraRules ?? []), ...CHROMIUM_PROFILE_RULES];
  const userData: Area = family.rootIsProfile
    ? {
        roots: family.userData,
        profiles: { dirs: family.extraProfileDirs ?? [], root: true, profilesIni: false },
        // The root is a profile, so it also holds what other browsers keep beside the profiles.
        rules: withoutRepeats([...CHROMIUM_ROOT_RULES, ...profileRules]),
        keep: CHROMIUM_KEEP,
        residual: 'site-data',
      }
    : {
        roots: family.userData,
        profiles: { dirs: [...CHROMIUM_PROFILE_DIRS, ...(family.extraProfileDirs ?? [])], root: false, profilesIni: false },
        rules: profileRules,
        rootRules: CHROMIUM_ROOT_RULES,
        keep: CHROMIUM_KEEP,
        residual: 'site-data',
      };
  const areas: Area[] = [userData];
  if (family.caches) areas.push({ roots: family.caches, rules: [], keep: [], residual: 'cache' });
  if (family.savedState) areas.push({ roots: { darwin: family.savedState }, rules: [], keep: [], residual: 'sessions' });
  return areas;
}
