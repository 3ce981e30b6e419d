/**
 * The staff API of the dashboard (`/api/v1/login` ... `/api/v1/sites/:id/alert-channels`), one
 * TypeBox schema per request part and per answer. The server's routes validate requests and
 * serialize answers with these schemas (`dashboard/server/routes/*`, TypeBox type provider), and
 * the web UI (`dashboard/web/src/api.mts`) takes its types from them with `Static<typeof X>`.
 *
 * The web UI imports this module with `import type` only, so no TypeBox code reaches the browser;
 * keep it pure (TypeBox and protocol/ only, no node: import), since tsconfig.dashboard-web.json
 * type-checks it with the DOM library. The agent's API (enroll, reports) is in protocol/.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { DeviceId, PcLabel, SiteId } from '../../protocol/report.js';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Ok = Type.Literal(true);

/** Longest password accepted at login and by `tabula-dashboard user add`. */
export const MAX_PASSWORD_LENGTH = 256;
/** An enrollment token's id: the first hex digits of its stored hash (never the token). */
export const TOKEN_ID_LENGTH = 12;

// ---- Names and route parameters -------------------------------------------------------------

/** A dashboard account name. */
export const UserName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$' });
/** A display name: printable text without control characters or markup brackets, 1 to 80 characters. */
export const SiteName = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: '^[^\\u0000-\\u001f\\u007f<>]*[^\\s\\u0000-\\u001f\\u007f<>]$',
});

export const SiteParams = Type.Object({ id: SiteId }, closed);
export const DeviceParams = Type.Object({ id: DeviceId }, closed);
export const TokenParams = Type.Object({ id: SiteId, token: Type.String({ pattern: `^[0-9a-f]{${TOKEN_ID_LENGTH}}$` }) }, closed);
export const ChannelParams = Type.Object({ id: SiteId, channel: Type.String({ pattern: '^ach_[0-9a-f]{16}$' }) }, closed);
/** `?days=N`: the window of the overview and the site page (capped at 400). */
export const Days = Type.Object({ days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })) }, closed);

// ---- Request bodies -------------------------------------------------------------------------

export const Login = Type.Object({ name: UserName, password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) }, closed);
export const NewToken = Type.Object(
  {
    uses: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    expiresHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90 })),
  },
  closed,
);
/** `label: null` clears the staff rename (the agent's `pcLabel` shows again). */
export const Rename = Type.Object({ label: Nullable(PcLabel) }, closed);
export const NameSite = Type.Object({ name: Nullable(SiteName) }, closed);
export const NewChannel = Type.Union([
  Type.Object({ kind: Type.Literal('webhook'), url: Type.String({ minLength: 8, maxLength: 2048 }) }, closed),
  Type.Object(
    {
      kind: Type.Literal('email'),
      host: Type.String({ minLength: 1, maxLength: 253 }),
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      user: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
      from: Type.String({ minLength: 3, maxLength: 320 }),
      to: Type.Array(Type.String({ minLength: 3, maxLength: 320 }), { minItems: 1, maxItems: 20 }),
      caFile: Type.Optional(Type.String({ minLength: 2, maxLength: 4096 })),
    },
    closed,
  ),
]);

// ---- Answers (200) --------------------------------------------------------------------------
// Numbers are `Type.Number` (not Integer) so that serializing never rounds what the store gave.

export const Done = Type.Object({ ok: Ok }, closed);

/** The signed-in user and the CSRF token to send as `x-csrf-token` (login, session). */
export const Me = Type.Object(
  {
    ok: Ok,
    user: Type.Object(
      { name: Type.String(), role: Type.Union([Type.Literal('admin'), Type.Literal('staff')]), sites: Type.Array(Type.String()) },
      closed,
    ),
    csrfToken: Type.String(),
  },
  closed,
);

export const DayTotals = Type.Object({ day: Type.String(), wipes: Type.Number(), failedWipes: Type.Number() }, closed);
export const SiteDayTotals = Type.Object(
  { site: Type.String(), day: Type.String(), wipes: Type.Number(), failedWipes: Type.Number() },
  closed,
);
export const SiteSummary = Type.Object(
  {
    id: Type.String(),
    name: Nullable(Type.String()),
    devices: Type.Number(),
    silent: Type.Number(),
    failing: Type.Number(),
    lastSeenAt: Nullable(Type.Number()),
    wipes7d: Type.Number(),
    failedWipes7d: Type.Number(),
    failures7d: Type.Number(),
  },
  closed,
);
export const Bucket = Type.Union([Type.Literal('day'), Type.Literal('week')]);
/** `siteDaily` holds days, or ISO weeks labelled by their Monday when `siteBucket` is 'week' (ranges over 92 days). */
export const Overview = Type.Object(
  {
    ok: Ok,
    generatedAt: Type.Number(),
    silentAfterHours: Type.Number(),
    sites: Type.Array(SiteSummary),
    daily: Type.Array(DayTotals),
    siteBucket: Bucket,
    siteDaily: Type.Array(SiteDayTotals),
  },
  closed,
);

export const Outcome = Type.Union([Type.Literal('clean'), Type.Literal('partial'), Type.Literal('failed')]);
const deviceFields = {
  id: Type.String(),
  label: Nullable(Type.String()),
  pcLabel: Nullable(Type.String()),
  staffLabel: Nullable(Type.String()),
  platform: Type.String(),
  agentVersion: Type.String(),
  configHash: Nullable(Type.String()),
  enrolledAt: Type.Number(),
  lastSeenAt: Nullable(Type.Number()),
  lastHour: Nullable(Type.String()),
  lastOutcome: Nullable(Outcome),
  lastCategory: Nullable(Type.String()),
  lastCode: Nullable(Type.String()),
  failStreak: Type.Number(),
  noBaseline: Type.Boolean(),
  wipes7d: Type.Number(),
  failures7d: Type.Number(),
};
export const DeviceSummary = Type.Object({ ...deviceFields, silent: Type.Boolean(), failing: Type.Boolean() }, closed);
export const RevokedDevice = Type.Object({ ...deviceFields, revokedAt: Type.Number() }, closed);
export const ErrorHelp = Type.Object({ meaning: Type.String(), action: Type.String() }, closed);
export const SiteDetail = Type.Object(
  {
    ok: Ok,
    id: Type.String(),
    name: Nullable(Type.String()),
    /** What each error code shown on the page means and what to do (protocol/error-help.ts). */
    errorHelp: Type.Record(Type.String(), ErrorHelp),
    devices: Type.Array(DeviceSummary),
    revoked: Type.Array(RevokedDevice),
    daily: Type.Array(DayTotals),
    categories: Type.Array(Type.Object({ category: Type.String(), items: Type.Number(), bytes: Type.Number() }, closed)),
    failures: Type.Array(Type.Object({ category: Type.String(), code: Type.String(), failures: Type.Number() }, closed)),
    safeMs: Type.Record(Type.String(), Type.Number()),
    doneMs: Type.Record(Type.String(), Type.Number()),
  },
  closed,
);

/** A new enrollment token: shown this once. */
export const TokenCreated = Type.Object(
  {
    ok: Ok,
    token: Type.String(),
    id: Type.String(),
    siteId: Type.String(),
    uses: Type.Number(),
    expiresAt: Type.String(),
  },
  closed,
);
/** Tokens that can still enroll PCs, by id. */
export const TokenList = Type.Object(
  {
    ok: Ok,
    tokens: Type.Array(Type.Object({ id: Type.String(), usesLeft: Type.Number(), expiresAt: Type.String() }, closed)),
  },
  closed,
);
export const TokenRevoked = Type.Object({ ok: Ok, revoked: Type.Number() }, closed);
export const DeviceRevoked = Type.Object({ ok: Ok, deviceId: Type.String(), siteId: Type.String(), revoked: Type.Boolean() }, closed);
export const DeviceRenamed = Type.Object({ ok: Ok, deviceId: Type.String(), label: Nullable(Type.String()) }, closed);
export const SiteNamed = Type.Object({ ok: Ok, siteId: Type.String(), name: Nullable(Type.String()) }, closed);

/** An alert channel as the server shows it: secrets masked. */
export const AlertChannel = Type.Union([
  Type.Object(
    {
      id: Type.String(),
      siteId: Type.String(),
      kind: Type.Literal('webhook'),
      url: Type.String(),
      hmacKey: Nullable(Type.String()),
      createdAt: Type.Number(),
    },
    closed,
  ),
  Type.Object(
    {
      id: Type.String(),
      siteId: Type.String(),
      kind: Type.Literal('email'),
      host: Type.String(),
      port: Type.Number(),
      user: Nullable(Type.String()),
      from: Type.String(),
      to: Type.Array(Type.String()),
      caFile: Nullable(Type.String()),
      password: Nullable(Type.String()),
      createdAt: Type.Number(),
    },
    closed,
  ),
]);
export const ChannelList = Type.Object({ ok: Ok, channels: Type.Array(AlertChannel) }, closed);
/** A new channel; a webhook's HMAC key is answered this once, unmasked. */
export const ChannelAdded = Type.Object({ ok: Ok, channel: AlertChannel, hmacKey: Type.Optional(Type.String()) }, closed);
export const ChannelTested = Type.Object({ ok: Ok, delivered: Type.Boolean(), code: Type.Optional(Type.String()) }, closed);
