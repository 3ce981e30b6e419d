/**
 * Report batches sent by an agent to the dashboard (issue 4). Counts only, by construction:
 * every object is closed (`additionalProperties: false`) and every string is an enum member or
 * matches a narrow pattern, so no path, file name, URL, username or hostname can be carried.
 * See docs/protocol.md for each field and why nothing finer is collected.
 */
import { Type, type Static, type TLiteral, type TOptional, type TUnion } from './typebox.js';
import { CATEGORY_IDS } from './categories.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Bump on an incompatible change; the dashboard answers 400 to versions it does not know. */
export const REPORT_PROTOCOL_VERSION = 1;

export const REPORT_TRIGGERS = ['logout', 'idle', 'manual', 'schedule', 'recovery', 'boot'] as const;
export const REPORT_OUTCOMES = ['clean', 'partial', 'failed'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** Upper bounds (ms) of the duration buckets; a duration above the last one goes to `inf`. */
export const DURATION_BUCKETS_MS = [100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000] as const;
export const DURATION_BUCKET_KEYS = [...DURATION_BUCKETS_MS.map((ms) => `le${ms}` as const), 'inf'] as const;
export type DurationBucket = (typeof DURATION_BUCKET_KEYS)[number];

/** The bucket a duration falls in (pure; used by the agent's report builder). */
export function durationBucket(ms: number): DurationBucket {
  for (const limit of DURATION_BUCKETS_MS) if (ms <= limit) return `le${limit}`;
  return 'inf';
}

export const MAX_COUNT = 1_000_000_000;
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;
export const MAX_REPORTS_PER_BATCH = 200;

const closed = { additionalProperties: false } as const;
function literalUnion<T extends string>(values: readonly T[], description: string): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
}

export const Count = Type.Integer({ minimum: 0, maximum: MAX_COUNT });
export const Bytes = Type.Integer({ minimum: 0, maximum: MAX_BYTES });

/** Server-assigned at enrollment: `dev_` and 32 lowercase hex digits (random, not derived from the PC). */
export const DeviceId = Type.String({ pattern: '^dev_[0-9a-f]{32}$', description: 'Opaque device id assigned at enrollment.' });
/** Chosen by the consortium administrator (a branch code such as `central` or `north-2`). */
export const SiteId = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$', description: 'Site (branch) id.' });
/** A whole UTC hour: `2025-03-01T14:00:00Z`. Nothing finer is ever sent. */
export const HourBucket = Type.String({
  pattern: '^20[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):00:00Z$',
  description: 'UTC hour bucket.',
});
export const AgentVersion = Type.String({
  pattern: '^(?:0|[1-9][0-9]{0,3})\\.(?:0|[1-9][0-9]{0,3})\\.(?:0|[1-9][0-9]{0,3})(?:-(?:alpha|beta|rc)\\.(?:0|[1-9][0-9]{0,3}))?$',
  description: 'Agent version (semver; pre-release limited to alpha/beta/rc.N).',
});
/**
 * The name IT gives the PC (config `pcLabel`, by default the computer's host name; an asset tag
 * fits too). Library data, not patron data: letters, digits, `_`, `-`, 1 to 64 characters; no dot,
 * so a full domain name never travels (the agent sends the host name's first label).
 */
export const PcLabel = Type.String({
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$',
  description: 'Name of the PC chosen by IT (host name or asset tag); no spaces, no free text.',
});
/** SHA-256 of the effective configuration (hex), so IT can see which PCs run which configuration. */
export const ConfigHash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the effective configuration.' });
/** A random UUID v4 per report; a retried report keeps its key, so it is stored exactly once. */
export const IdempotencyKey = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$',
  description: 'Random UUID v4, unique per report.',
});

export const Trigger = literalUnion(REPORT_TRIGGERS, 'What started the wipe.');
export const Outcome = literalUnion(REPORT_OUTCOMES, 'Outcome of the wipe (see protocol/wipe-summary.ts).');
export const CategoryIdSchema = literalUnion(CATEGORY_IDS, 'Catalogue category id.');
export const ErrorCodeSchema = literalUnion(Object.keys(ERROR_CODES) as ErrorCode[], 'Error code from protocol/error-codes.ts.');

export const CategoryTotals = Type.Object({ items: Count, bytes: Bytes }, closed);

export const CategoryCounts = Type.Object(
  Object.fromEntries(CATEGORY_IDS.map((id) => [id, Type.Optional(CategoryTotals)])) as {
    [K in (typeof CATEGORY_IDS)[number]]: TOptional<typeof CategoryTotals>;
  },
  { ...closed, description: 'Items and bytes removed per category id.' },
);

/** Histogram: how many of the report's wipes fell in each duration bucket. */
export const DurationHistogram = Type.Object(
  Object.fromEntries(DURATION_BUCKET_KEYS.map((k) => [k, Type.Optional(Count)])) as {
    [K in DurationBucket]: TOptional<typeof Count>;
  },
  { ...closed, description: 'Wipes per duration bucket; the counts add up to `wipes`.' },
);

export const FailureEntry = Type.Object(
  { category: CategoryIdSchema, code: ErrorCodeSchema, count: Type.Integer({ minimum: 1, maximum: MAX_COUNT }) },
  closed,
);

export const Report = Type.Object(
  {
    key: IdempotencyKey,
    hour: HourBucket,
    trigger: Trigger,
    outcome: Outcome,
    wipes: Type.Integer({ minimum: 1, maximum: MAX_COUNT, description: 'Wipes aggregated in this report.' }),
    categories: CategoryCounts,
    safeMs: DurationHistogram,
    doneMs: DurationHistogram,
    failures: Type.Array(FailureEntry, { maxItems: CATEGORY_IDS.length * Object.keys(ERROR_CODES).length }),
    noBaseline: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_COUNT,
        description:
          'Of these wipes, how many ran on an account without a captured baseline (a catalogue wipe, not a reset). Absent when none.',
      }),
    ),
  },
  { ...closed, description: 'Wipes of one device in one hour with one trigger and outcome.' },
);

export const ReportBatch = Type.Object(
  {
    v: Type.Literal(REPORT_PROTOCOL_VERSION),
    deviceId: DeviceId,
    siteId: SiteId,
    agentVersion: AgentVersion,
    configHash: ConfigHash,
    /** Optional: agents before 0.2 do not send it. */
    pcLabel: Type.Optional(PcLabel),
    reports: Type.Array(Report, { minItems: 1, maxItems: MAX_REPORTS_PER_BATCH }),
  },
  { ...closed, $id: 'https://tabula.invalid/schemas/report-batch/v1', title: 'Tabula report batch v1' },
);

export type CategoryTotalsT = Static<typeof CategoryTotals>;
export type DurationHistogramT = Static<typeof DurationHistogram>;
export type FailureEntryT = Static<typeof FailureEntry>;
export type ReportT = Static<typeof Report>;
export type ReportBatchT = Static<typeof ReportBatch>;
