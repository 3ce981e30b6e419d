/**
 * The shape of a catalogue entry, as a schema (validated over every entry by a test) and as
 * the TypeScript type the planner reads. The catalogue is data: adding a browser or an OS area
 * is a new entry file, never engine code.
 */
import { Type, type Static } from '../../../protocol/typebox.js';
import { BROWSER_CATEGORIES, OS_CATEGORIES } from '../../../protocol/categories.js';

export { PLATFORMS, type Platform } from './platforms.js';

/** Categories a catalogue entry may use: all but `print-jobs`, which the print system finds. */
const CATALOG_CATEGORIES = [...BROWSER_CATEGORIES, ...OS_CATEGORIES, 'app-data', 'histories', 'credentials'] as const;

/**
 * Where a location starts, resolved per account by `resolve-bases.ts`:
 * home; XDG dirs (Linux, defaults only — a patron's environment is never trusted);
 * the user's Downloads/Desktop/Documents (Linux reads user-dirs.dirs, clamped inside the home);
 * Windows %APPDATA% / %LOCALAPPDATA%; macOS ~/Library and the per-user temp/cache folders;
 * the Windows Recycle Bin folder of the account's SID.
 */
export const BASES = [
  'home',
  'xdgConfig',
  'xdgCache',
  'xdgData',
  'downloads',
  'desktop',
  'documents',
  'appData',
  'localAppData',
  'localLow',
  'library',
  'darwinUserTemp',
  'darwinUserCache',
  'recycleBin',
] as const;
export type Base = (typeof BASES)[number];

const Segment = Type.String({ minLength: 1, maxLength: 120, pattern: '^(?!\\.\\.?$)[^/\\\\]+$' });
/** A relative path with `/` separators; `*` matches within one segment. */
const RelPattern = Type.String({ minLength: 1, maxLength: 240, pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\]+(?<!/)$' });

const Category = Type.Union(CATALOG_CATEGORIES.map((c) => Type.Literal(c)));

export const LocationSchema = Type.Object(
  {
    base: Type.Union(BASES.map((b) => Type.Literal(b))),
    /** Segments below the base; `*` matches within a segment (e.g. Snap revisions). */
    path: Type.Array(Segment, { maxItems: 12 }),
  },
  { additionalProperties: false },
);

export const RuleSchema = Type.Object({ match: RelPattern, category: Category }, { additionalProperties: false });

export const ProfilesSchema = Type.Object(
  {
    /** Folders below the area root that are profiles (`Default`, `Profile *`). */
    dirs: Type.Array(RelPattern, { maxItems: 20 }),
    /** The area root is itself a profile (Opera, Safari). */
    root: Type.Boolean(),
    /** Read Firefox-style `profiles.ini` at the area root for more profiles. */
    profilesIni: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AreaSchema = Type.Object(
  {
    /** Per platform, the folders (or single files) this area covers. */
    roots: Type.Partial(
      Type.Object(
        {
          linux: Type.Array(LocationSchema, { minItems: 1 }),
          darwin: Type.Array(LocationSchema, { minItems: 1 }),
          win32: Type.Array(LocationSchema, { minItems: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    profiles: Type.Optional(ProfilesSchema),
    /** Applied inside each profile (or at the root when there are no profiles). First match wins. */
    rules: Type.Array(RuleSchema),
    /** Applied at the area root, outside profiles. First match wins. */
    rootRules: Type.Optional(Type.Array(RuleSchema)),
    /** Names (relative to the root or a profile) that hold no patron data and survive `clean`. */
    keep: Type.Array(RelPattern),
    /**
     * Names IT puts there (Firefox `user.js`, `chrome/`): kept in clean mode only when owned by
     * root and not writable by others (never on Windows); wipe/keep-check.ts.
     */
    keepManaged: Type.Optional(Type.Array(RelPattern)),
    /**
     * Names at the area root this area leaves alone entirely (other entries handle them): for
     * the home-root sweep, the known user folders and hidden entries.
     */
    leave: Type.Optional(Type.Array(RelPattern)),
    /**
     * The area root is the home: names the OS's new-account template has (`/etc/skel`,
     * `C:\Users\Default`, macOS User Template), the localized user folders and the configured
     * `homeKeep` names are left alone too (wipe/home-template.ts).
     */
    leaveTemplate: Type.Optional(Type.Boolean()),
    /**
     * Category of everything not matched by a rule or kept; null leaves unmatched entries alone
     * (for shared folders such as ~/Library/Caches).
     */
    residual: Type.Union([Category, Type.Null()]),
  },
  { additionalProperties: false },
);

export const EntrySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$' }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Type.Union([Type.Literal('browser'), Type.Literal('os'), Type.Literal('app')]),
    /** Executable names to close before wiping (browsers only). */
    processNames: Type.Partial(
      Type.Object(
        {
          linux: Type.Array(Type.String({ minLength: 1 })),
          darwin: Type.Array(Type.String({ minLength: 1 })),
          win32: Type.Array(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    areas: Type.Array(AreaSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Location = Static<typeof LocationSchema>;
export type Rule = Static<typeof RuleSchema>;
export type Area = Static<typeof AreaSchema>;
export type CatalogEntry = Static<typeof EntrySchema>;
