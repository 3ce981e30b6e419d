/**
 * The local channel between the agent service and its clients (the app, the CLI): newline-
 * delimited JSON over a Unix socket / named pipe. Every request carries an `id` and a `type`;
 * the agent answers `{ id, ok: true, result }` or `{ id, ok: false, code }`, and may push events
 * (`progress`, `wipeDone`) to connections that asked to watch, and `countdown` to the watching
 * patron-channel connections that send idle ticks for the account counting down. No field ever
 * carries a path under a patron home, a file name or a username back to the client: results are
 * counts and codes.
 */
import { Type, type Static, type TSchema } from './typebox.js';
import type { CategoryId } from './categories.js';
import type { ErrorCode } from './error-codes.js';
import type { CategoryCount, WipeScope, WipeSummary } from './wipe-summary.js';

/** Longest request line the agent reads; longer lines are refused with E_BAD_REQUEST. */
export const IPC_MAX_LINE = 64 * 1024;

const Id = Type.Integer({ minimum: 0, maximum: 2 ** 31 });
const AccountName = Type.String({ minLength: 1, maxLength: 256 });
const Dir = Type.String({ minLength: 1, maxLength: 4096 });
/** A staff token from `staffUnlock`, for privileged requests sent over the patron channel. */
const Token = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
/**
 * The account token, for requests that act for a patron account over the patron channel: the
 * content of `<stateDir>/patron-tokens/<uid>`, readable only by that uid (main/agent/ipc/account-tokens.ts).
 */
const AccountToken = { accountToken: Type.Optional(Token) };

/** Whom a session request is about: a configured patron account, or explicit roots (privileged channel only). */
const Who = {
  account: Type.Optional(AccountName),
  home: Type.Optional(Dir),
  temp: Type.Optional(Type.Array(Dir, { maxItems: 16 })),
};

const request = <T extends string, P extends Record<string, TSchema>>(type: T, props: P) =>
  Type.Object({ id: Id, type: Type.Literal(type), token: Type.Optional(Token), ...props }, { additionalProperties: false });

export const StatusRequest = request('status', {
  /** Keep the connection open and push every `progress` and `wipeDone` event to it. */
  watch: Type.Optional(Type.Boolean()),
  /** The app's account token: its connection then counts against its own uid (see main/agent/ipc/budget.ts). */
  ...AccountToken,
});
export const WipeNowRequest = request('wipeNow', { ...Who, wait: Type.Optional(Type.Boolean()) });
export const EndSessionRequest = request('endSession', { account: AccountName, wait: Type.Optional(Type.Boolean()) });
export const SessionStartRequest = request('sessionStart', { ...Who, ...AccountToken });
export const SessionEndRequest = request('sessionEnd', {
  ...Who,
  trigger: Type.Optional(Type.Union([Type.Literal('logout'), Type.Literal('idle'), Type.Literal('manual'), Type.Literal('schedule')])),
  /** Answer only once the wipe is verified (default true). */
  wait: Type.Optional(Type.Boolean()),
  ...AccountToken,
});
export const IdleTickRequest = request('idleTick', {
  /** Milliseconds since the last input in the session that sends the tick. */
  idleMs: Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600 * 1000 }),
  account: Type.Optional(AccountName),
  ...AccountToken,
});
/** A staff PIN: 4–64 characters without spaces (what `tabula staff set-pin` accepts and the app sends). */
export const STAFF_PIN_RULE = /^\S{4,64}$/;
export const StaffUnlockRequest = request('staffUnlock', { pin: Type.String({ minLength: 4, maxLength: 64 }) });
/**
 * A dry run of the wipe through the wipe engine (the same plan and execute path, `dryRun: true`):
 * what a wipe of `account` (default: every configured patron account) would remove, as counts.
 * Privileged (staff token on the patron endpoint). Nothing is touched, no browser is closed.
 */
export const PreviewRequest = request('preview', { account: Type.Optional(AccountName) });

export const IpcRequestSchema = Type.Union([
  StatusRequest,
  WipeNowRequest,
  EndSessionRequest,
  SessionStartRequest,
  SessionEndRequest,
  IdleTickRequest,
  StaffUnlockRequest,
  PreviewRequest,
]);
export type IpcRequest = Static<typeof IpcRequestSchema>;
export type IpcRequestType = IpcRequest['type'];
export const IPC_REQUEST_TYPES = [
  'status',
  'wipeNow',
  'endSession',
  'sessionStart',
  'sessionEnd',
  'idleTick',
  'staffUnlock',
  'preview',
] as const;

/** Requests the patron channel accepts without a staff token. Everything else is privileged (but see below). */
export const UNPRIVILEGED_REQUESTS: readonly IpcRequestType[] = ['status', 'idleTick', 'sessionStart', 'staffUnlock'];

/** Requests that act for one patron account: over the patron channel they carry its `accountToken`. */
export const ACCOUNT_SCOPED_REQUESTS: readonly IpcRequestType[] = ['idleTick', 'sessionStart', 'sessionEnd'];

/**
 * Whether the patron channel accepts this request without a staff token. Besides the requests
 * above, one conditional case: the app's session-end hint (`sessionEnd` for an account, trigger
 * `logout` or none, no explicit roots). The agent still wipes only configured patron accounts
 * (E_NOT_PATRON otherwise), and over the patron channel only with that account's `accountToken`:
 * a patron can end only its own session with it.
 */
export function acceptedWithoutToken(request: IpcRequest): boolean {
  if (UNPRIVILEGED_REQUESTS.includes(request.type)) return true;
  if (request.type !== 'sessionEnd') return false;
  return (
    request.account !== undefined &&
    request.home === undefined &&
    request.temp === undefined &&
    (request.trigger === undefined || request.trigger === 'logout')
  );
}

export type WipeTrigger = 'logout' | 'idle' | 'manual' | 'schedule' | 'recovery' | 'boot';

/** One finished wipe, as status reports it: counts only. */
export interface WipeResult {
  at: string;
  trigger: WipeTrigger;
  /** `refused`: the account was not vetted as a patron account, nothing was touched. */
  outcome: WipeSummary['outcome'] | 'refused';
  items: number;
  bytes: number;
  safeMs: number;
  doneMs: number;
  /** From the session-end signal to verified clean (queueing included). */
  totalMs: number;
  remaining: number;
  failures: Array<{ category: CategoryId | 'sessions'; code: ErrorCode; count: number }>;
  /** Items and bytes per category (counts only; absent for a wipe that did not run). */
  categories?: Partial<Record<CategoryId, CategoryCount>>;
  code?: ErrorCode;
  /** Which areas the wipe verified, could not check, or does not have here. */
  scope?: WipeScope;
}

export interface WipeProgressInfo {
  trigger: WipeTrigger;
  phase: 'planning' | 'moving' | 'deleting' | 'counting' | 'verifying';
  done: number;
  total: number;
  queued: number;
}

/**
 * The link to the dashboard, from the report sender's files: `not-enrolled`; `unknown` (enrolled,
 * nothing sent yet); `disconnected` (the last attempt failed: reports wait in the spool and go
 * later); `connected` (the last attempt was delivered).
 */
export type DashboardLink = 'not-enrolled' | 'unknown' | 'connected' | 'disconnected';

export interface AgentStatus {
  ready: boolean;
  version: string;
  startedAt: string;
  /** Counts only: the journal never reaches a client by name. */
  journal: { dirty: number; clean: number };
  current: WipeProgressInfo | null;
  queued: number;
  /** Failed wipes waiting for their retry (backoff timer), as a count. */
  retries: number;
  last: WipeResult[];
  config: { patronAccounts: number; errors: number; lastError?: string };
  dashboard: DashboardLink;
  /**
   * The configured patron accounts with and without a captured baseline (accounts this computer
   * refuses or does not know are not counted). `mode` is the configured one: in `auto` an account
   * without a baseline gets the catalogue wipe (the weaker scope); `clean` ignores baselines.
   */
  baseline: { mode: 'auto' | 'clean' | 'reset'; captured: number; missing: number };
}

export interface IpcResults {
  status: AgentStatus;
  wipeNow: { queued: boolean; result?: WipeResult };
  endSession: { queued: boolean; result?: WipeResult };
  sessionStart: { dirty: true };
  sessionEnd: { queued: boolean; result?: WipeResult };
  idleTick: { accepted: true };
  staffUnlock: { token: string; expiresInSec: number };
  preview: { summary: WipeSummary };
}

export type IpcResponse<T extends IpcRequestType = IpcRequestType> =
  | { id: number; ok: true; result: IpcResults[T] }
  /** `field`: for E_BAD_REQUEST, the request field at fault (`/idleMs`, `/type`). `retryAfterSec`: for E_LOCKED, seconds until a staff PIN is checked again. */
  | { id: number; ok: false; code: ErrorCode; field?: string; retryAfterSec?: number };

/**
 * The idle countdown of the account whose app watches (see main/agent/service/idle-watch.ts):
 * `counting` when it starts (the app counts down locally from `secondsLeft`; a later `counting`
 * re-syncs it), `cancelled` on input or when the agent stops watching, `expired` right before the
 * agent ends the session and wipes it (trigger `idle`).
 */
export type CountdownInfo =
  { state: 'counting'; secondsLeft: number; totalSeconds: number } | { state: 'cancelled' } | { state: 'expired' };

export type IpcEvent =
  | { event: 'progress'; progress: WipeProgressInfo }
  | { event: 'wipeDone'; result: WipeResult }
  | { event: 'countdown'; countdown: CountdownInfo };

export type IpcMessage = IpcResponse | IpcEvent;
