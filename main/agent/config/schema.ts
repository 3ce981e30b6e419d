/**
 * The agent configuration: one schema for every layer (defaults < machine file < OS policy).
 * Every field is optional in a layer; `expected` is the text a validation error shows.
 */
import { Type, type Static } from '../../../protocol/typebox.js';
import { CATEGORY_IDS } from '../../../protocol/categories.js';
import { PcLabel } from '../../../protocol/report.js';

const literals = <T extends string>(values: readonly T[], expected: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { expected },
  );

export const SCHEDULE_ACTIONS = ['wipe', 'end-sessions-and-wipe'] as const;
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export const IdleSchema = Type.Object(
  {
    /** Seconds without input before the countdown starts. */
    timeoutSec: Type.Optional(Type.Integer({ minimum: 30, maximum: 86400 })),
    /** Length of the countdown the patron sees before the session ends. */
    warningSec: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })),
  },
  { additionalProperties: false },
);

export const ScheduleSchema = Type.Object(
  {
    /** Cron expression (5 or 6 fields, node-schedule syntax), in the computer's local time. */
    cron: Type.String({ minLength: 1, maxLength: 100, expected: 'a cron expression such as "0 21 * * *"' }),
    action: literals(SCHEDULE_ACTIONS, 'one of "wipe", "end-sessions-and-wipe"'),
  },
  { additionalProperties: false },
);

export const DashboardSchema = Type.Object(
  {
    url: Type.String({ maxLength: 2048, pattern: '^https://[^\\s/?#@]+(/[^\\s]*)?$', expected: 'an https:// URL' }),
    /** Extra CA certificate (PEM) to trust for the dashboard. */
    caFile: Type.Optional(Type.String({ minLength: 2, maxLength: 4096, pattern: '^(/|[A-Za-z]:\\\\)', expected: 'an absolute file path' })),
  },
  { additionalProperties: false },
);

const absolutePath = (expected: string) => Type.String({ minLength: 2, maxLength: 4096, pattern: '^(/|[A-Za-z]:\\\\)', expected });

export const PrintSchema = Type.Object(
  {
    /** CUPS server: a local socket path or host[:port] (default the local socket, else localhost:631). */
    cupsServer: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4096, pattern: '^(/\\S*|[A-Za-z0-9.\\[\\]:-]+)$', expected: 'a socket path or host[:port]' }),
    ),
    /** CUPS server root holding cups-files.conf (default /etc/cups). */
    cupsServerRoot: Type.Optional(absolutePath('an absolute folder path')),
    /** Folder of cups-pdf*.conf (default /etc/cups). */
    cupsPdfConfDir: Type.Optional(absolutePath('an absolute folder path')),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    /** Patron accounts by name. Staff and administrator accounts are refused. */
    accounts: Type.Optional(
      Type.Array(
        Type.String({
          minLength: 1,
          maxLength: 64,
          pattern: '^[^\\\\/:*?"<>|\\s]([^\\\\/:*?"<>|]*[^\\\\/:*?"<>|\\s])?$',
          expected: 'an account name (no spaces at the ends, no \\ / : * ? " < > |)',
        }),
        { maxItems: 64, uniqueItems: true, expected: 'a list of account names' },
      ),
    ),
    /** `auto` (default): reset where IT captured a baseline, else the catalogue wipe; `clean`: always the catalogue; `reset`: always reset. */
    mode: Type.Optional(literals(['auto', 'clean', 'reset'], 'one of "auto", "clean", "reset"')),
    /** Categories to wipe (all when absent). */
    categories: Type.Optional(
      Type.Array(literals(CATEGORY_IDS, 'a category id (see tabula --help)'), {
        minItems: 1,
        uniqueItems: true,
        expected: 'a list of category ids',
      }),
    ),
    /** Shared temp folders swept for the patron's own entries (default /tmp and /var/tmp on Linux). */
    tempRoots: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 4096, pattern: '^(/|[A-Za-z]:\\\\)', expected: 'an absolute folder path' }), {
        maxItems: 16,
        expected: 'a list of absolute folder paths',
      }),
    ),
    /** Overwrite downloads, desktop and documents files with zeros before deleting (best effort on SSDs). */
    overwriteFiles: Type.Optional(Type.Boolean()),
    /** Close the account's browsers before wiping (default true). */
    closeBrowsers: Type.Optional(Type.Boolean()),
    idle: Type.Optional(IdleSchema),
    schedules: Type.Optional(Type.Array(ScheduleSchema, { maxItems: 32, expected: 'a list of { cron, action } objects' })),
    dashboard: Type.Optional(DashboardSchema),
    /** `scrypt$N$r$p$<salt base64>$<hash base64>` of the staff PIN (see staff-pin.ts). */
    staffPinHash: Type.Optional(
      Type.String({
        maxLength: 512,
        pattern: '^scrypt\\$\\d+\\$\\d+\\$\\d+\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{32,}$',
        expected: 'a hash made by `tabula config hash-pin` (scrypt$N$r$p$salt$hash)',
      }),
    ),
    /** POSIX group (or Windows group name) whose members may use the privileged local channel. */
    staffGroup: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\s:,/\\\\]([^:,/\\\\]*[^\\s:,/\\\\])?$', expected: 'a group name' }),
    ),
    /** The PC's name on the dashboard (default: the host name); library data, sent with reports. */
    pcLabel: Type.Optional(
      Type.String({ pattern: PcLabel.pattern, expected: 'a PC name: letters, digits, _ - (1 to 64, no spaces or dots)' }),
    ),
    logLevel: Type.Optional(literals(LOG_LEVELS, 'one of "error", "warn", "info", "debug"')),
    /** Names in the home folder itself that clean mode leaves alone, besides the OS's new-account template. */
    homeKeep: Type.Optional(
      Type.Array(
        Type.String({ minLength: 1, maxLength: 255, pattern: '^(?!\\.\\.?$)[^/\\\\]+$', expected: 'a file or folder name (no / or \\)' }),
        { maxItems: 64, uniqueItems: true, expected: 'a list of names' },
      ),
    ),
    /** Where the print system is, when not the local default (CUPS socket, /etc/cups). */
    print: Type.Optional(PrintSchema),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

/** The defaults layer. */
export const DEFAULT_CONFIG: Config = {
  accounts: [],
  mode: 'auto',
  closeBrowsers: true,
  overwriteFiles: false,
  idle: { timeoutSec: 900, warningSec: 60 },
  schedules: [],
  staffGroup: 'tabula-staff',
  logLevel: 'info',
};
