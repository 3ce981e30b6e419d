/** Small builders that keep catalogue files readable. Pure data helpers, no I/O. */
import type { Base, Location, Rule } from './schema.js';

/** A location: `at('library', 'Caches', 'Firefox')` is ~/Library/Caches/Firefox. */
export const at = (base: Base, ...path: string[]): Location => ({ base, path });

/** One rule per pattern, all of one category. */
export const rules = (category: Rule['category'], ...matches: string[]): Rule[] => matches.map((match) => ({ match, category }));

/** A Flatpak app's folder below ~/.var/app/<app-id>/ (its XDG config, cache or data dir). */
export const flatpak = (appId: string, ...path: string[]): Location => at('home', '.var', 'app', appId, ...path);

/** A Snap's folder below ~/snap/<name>/ (`common`, or `*` for the per-revision copies too). */
export const snap = (name: string, ...path: string[]): Location => at('home', 'snap', name, ...path);
