/** The agent configuration (the part the wipe engine reads; the service extends it). */
import { Type, type Static } from '@sinclair/typebox';
import { CATEGORY_IDS } from '../../../protocol/categories.js';

export const ConfigSchema = Type.Object(
  {
    /** Patron accounts by name. Staff and administrator accounts are refused. */
    accounts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\\\/:*?"<>|]+$' }), { maxItems: 64 })),
    mode: Type.Optional(Type.Union([Type.Literal('clean'), Type.Literal('reset')])),
    /** Categories to wipe (all when absent). */
    categories: Type.Optional(Type.Array(Type.Union(CATEGORY_IDS.map((c) => Type.Literal(c))), { minItems: 1, uniqueItems: true })),
    /** Shared temp folders swept for the patron's own entries (default /tmp and /var/tmp on Linux). */
    tempRoots: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 16 })),
    /** Overwrite downloads, desktop and documents files with zeros before deleting (best effort on SSDs). */
    overwriteFiles: Type.Optional(Type.Boolean()),
    /** Close the account's browsers before wiping (default true). */
    closeBrowsers: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
