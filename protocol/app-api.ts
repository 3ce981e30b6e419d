/**
 * The intent-level API the preload exposes to the renderer as `window.tabula` (types and channel
 * names only, no I/O). The renderer never sees a socket, a token or a raw IPC channel: the app's
 * main process turns each call into one request of the agent's local channel (protocol/ipc.ts):
 *
 *   status()            → status                      lastResults()     → status (its `last`)
 *   unlock(pin)         → staffUnlock (token kept in the main process, never given to a page)
 *   wipeNow()           → wipeNow {account, wait: true, token}
 *   endSessionAndWipe() → endSession {account, wait: false, token}
 *   preview()           → preview {account, token} (a dry run through the wipe engine: counts only)
 *   activity()          → idleTick {idleMs: 0}         onProgress(cb)    ← event progress
 *   onCountdown(cb)     ← event countdown              onWipeDone(cb)    ← event wipeDone
 *   notice()            → the app's own notice configuration (no agent request)
 *
 * Nothing here carries a patron's path, file name, URL or username: counts, codes and fixed text.
 */
import type { CategoryId } from './categories.js';
import type { ErrorCode } from './error-codes.js';
import type { ErrorHelp } from './error-help.js';
import type { CountdownInfo, DashboardLink, WipeProgressInfo, WipeResult, WipeTrigger } from './ipc.js';
import type { CategoryCount, ScopeArea, WipeSummary } from './wipe-summary.js';

/** Errors across the process boundary: a code from protocol/error-codes.ts, never free text. */
export interface AppFailure {
  ok: false;
  code: ErrorCode;
  /** Set when the staff PIN is locked out: milliseconds until the next try is accepted. */
  retryAfterMs?: number;
  /** What the code means and what to do (protocol/error-help.ts, English): the staff window shows it when it has no text of its own. */
  help?: ErrorHelp;
}
export type AppResult<T> = ({ ok: true } & T) | AppFailure;

export type UnlockResult = { ok: true; expiresInSec: number } | AppFailure;

/** One row of "the last wipes on this PC": when, why, how it went, how much. Nothing about the patron. */
export interface ResultRow {
  at: string;
  trigger: WipeTrigger;
  outcome: WipeResult['outcome'];
  items: number;
  bytes: number;
  /** Seconds from the session end until verified clean. */
  seconds: number;
  failures: number;
  remaining: number;
  code?: ErrorCode;
}

/** A finished wipe as the staff window shows it. `categories` when the agent reports them. */
export interface WipeNowResult extends ResultRow {
  categories?: Partial<Record<CategoryId, CategoryCount>>;
  /** Areas the wipe could not check (print system unreachable): the staff window names them. */
  unchecked?: ScopeArea[];
}

/** What the app knows about the agent, for the tray and the staff window. */
export interface AppStatus {
  agent: 'connected' | 'unavailable';
  ready: boolean;
  version?: string;
  /** The wipe in progress, if any. */
  current: WipeProgressInfo | null;
  queued: number;
  last: ResultRow | null;
  /** Accounts still marked dirty (a wipe is pending or failed). */
  dirty: number;
  configErrors: number;
  /** The dashboard link as the agent reports it (`unknown` also when the agent is not reachable). */
  dashboard: DashboardLink;
  staff: { unlocked: boolean; expiresInSec: number };
}

export type ProgressEvent = WipeProgressInfo;

/** The agent's `countdown` event, as is (protocol/ipc.ts). */
export type CountdownEvent = CountdownInfo;

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The library's notice settings; the fixed wording per language ships with the renderer. */
export interface NoticeText {
  libraryName: string;
  /** The language to show first; the patron can switch among `languages`. */
  language: Language;
  languages: Language[];
  /** The library's own policy text per language (plain text, shown as is). */
  policyText: Partial<Record<Language, string>>;
  /** An https link to the full policy, shown as text (the notice window opens no browser). */
  policyUrl?: string;
  idleMinutes: number;
  countdownSeconds: number;
}

export type Unsubscribe = () => void;

export interface TabulaApi {
  status(): Promise<AppStatus>;
  unlock(pin: string): Promise<UnlockResult>;
  /** Forgets the staff token at once (the staff window's Lock button). */
  lock(): Promise<{ ok: true }>;
  wipeNow(): Promise<AppResult<{ result: WipeNowResult }>>;
  /** Logs the patron session out and wipes it: this app (in that session) ends too, so no report. */
  endSessionAndWipe(): Promise<AppResult<{ queued: boolean }>>;
  preview(): Promise<AppResult<{ summary: WipeSummary }>>;
  lastResults(): Promise<AppResult<{ rows: ResultRow[] }>>;
  notice(): Promise<NoticeText>;
  /** Input was seen in the countdown window: cancels the idle countdown. */
  activity(): Promise<void>;
  onProgress(cb: (event: ProgressEvent) => void): Unsubscribe;
  onCountdown(cb: (event: CountdownEvent) => void): Unsubscribe;
  onWipeDone(cb: (row: ResultRow) => void): Unsubscribe;
}

/** Request channels (renderer → main, invoke/handle), one per method that returns a promise. */
export const APP_CHANNELS = {
  status: 'tabula:status',
  unlock: 'tabula:unlock',
  lock: 'tabula:lock',
  wipeNow: 'tabula:wipe-now',
  endSessionAndWipe: 'tabula:end-session-and-wipe',
  preview: 'tabula:preview',
  lastResults: 'tabula:last-results',
  notice: 'tabula:notice',
  activity: 'tabula:activity',
} as const;
export type AppMethod = keyof typeof APP_CHANNELS;
export type AppChannel = (typeof APP_CHANNELS)[AppMethod];

/** Event channels (main → renderer). */
export const APP_EVENTS = {
  progress: 'tabula:progress',
  countdown: 'tabula:countdown',
  wipeDone: 'tabula:wipe-done',
} as const;
export type AppEventName = keyof typeof APP_EVENTS;
export interface AppEventPayloads {
  progress: ProgressEvent;
  countdown: CountdownEvent;
  wipeDone: ResultRow;
}

/** Arguments of each request method, for the typed wrappers on both sides. */
export type AppArgs<M extends AppMethod> = Parameters<TabulaApi[M]>;
export type AppReturn<M extends AppMethod> = Awaited<ReturnType<TabulaApi[M]>>;

/** The windows of the app; each page may call only the methods its role needs. */
export type WindowRole = 'staff' | 'notice' | 'countdown';

/** Milliseconds → a row's seconds, shared by the app and tests. */
export function rowOf(result: WipeResult): ResultRow {
  const row: ResultRow = {
    at: result.at,
    trigger: result.trigger,
    outcome: result.outcome,
    items: result.items,
    bytes: result.bytes,
    seconds: Math.round(result.totalMs / 100) / 10,
    failures: result.failures.reduce((n, f) => n + f.count, 0),
    remaining: result.remaining,
  };
  if (result.code) row.code = result.code;
  return row;
}
