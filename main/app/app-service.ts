/**
 * The app's main-process logic behind `window.tabula`, without Electron: each method of TabulaApi
 * becomes one agent request (see protocol/app-api.ts for the map). The staff token lives here and
 * never reaches a page. The session hooks (idle ticks, session end) use the same agent port.
 */
import { errorHelp } from '../../protocol/error-help.js';
import {
  rowOf,
  type AppFailure,
  type AppResult,
  type AppStatus,
  type CountdownEvent,
  type NoticeText,
  type ProgressEvent,
  type ResultRow,
  type UnlockResult,
  type WipeNowResult,
} from '../../protocol/app-api.js';
import type { WipeResult } from '../../protocol/ipc.js';
import type { WipeSummary } from '../../protocol/wipe-summary.js';
import type { AgentEvent, AgentPort } from './agent-port.js';
import { PinGate, type PinVerdict } from './pin-lockout.js';

export interface AppServiceOptions {
  agent: AgentPort;
  /** The account of the session this app runs in (the patron account the staff window acts on). */
  account: string;
  notice: () => NoticeText;
  now?: () => number;
}

export const RESULTS_SHOWN = 20;

type Listener<T> = (value: T) => void;

/** A wipe result as the staff window shows it; per-category counts when the agent sends them. */
export function wipeNowResultOf(result: WipeResult): WipeNowResult {
  const done: WipeNowResult = rowOf(result);
  if (result.categories) done.categories = result.categories;
  if (result.scope && result.scope.unchecked.length > 0) done.unchecked = [...result.scope.unchecked];
  return done;
}

export class AppService {
  readonly gate: PinGate;
  private readonly progress = new Set<Listener<ProgressEvent>>();
  private readonly countdown = new Set<Listener<CountdownEvent>>();
  private readonly done = new Set<Listener<ResultRow>>();

  constructor(private readonly options: AppServiceOptions) {
    this.gate = new PinGate((pin) => this.checkPin(pin), options.now ?? Date.now);
    options.agent.onEvent((event) => this.dispatch(event));
  }

  async status(): Promise<AppStatus> {
    const staff = { unlocked: this.gate.token() !== undefined, expiresInSec: this.gate.expiresInSec() };
    const res = await this.options.agent.request({ type: 'status' });
    if (!res.ok) {
      return {
        agent: 'unavailable',
        ready: false,
        current: null,
        queued: 0,
        last: null,
        dirty: 0,
        configErrors: 0,
        dashboard: 'unknown',
        staff,
      };
    }
    const s = res.result;
    const last = s.last[s.last.length - 1];
    return {
      agent: 'connected',
      ready: s.ready,
      version: s.version,
      current: s.current,
      queued: s.queued,
      last: last ? rowOf(last) : null,
      dirty: s.journal.dirty,
      configErrors: s.config.errors,
      dashboard: s.dashboard,
      staff,
    };
  }

  async unlock(pin: string): Promise<UnlockResult> {
    return withHelp(await this.gate.unlock(pin));
  }

  async lock(): Promise<{ ok: true }> {
    this.gate.lock();
    return { ok: true };
  }

  async wipeNow(): Promise<AppResult<{ result: WipeNowResult }>> {
    return withHelp(await this.wipeNowHere());
  }

  private async wipeNowHere(): Promise<AppResult<{ result: WipeNowResult }>> {
    const token = this.gate.token();
    if (!token) return { ok: false, code: 'E_FORBIDDEN' };
    const res = await this.options.agent.request({ type: 'wipeNow', account: this.options.account, wait: true, token });
    if (!res.ok) return res;
    if (!res.result.result) return { ok: false, code: 'E_INTERNAL' };
    return { ok: true, result: wipeNowResultOf(res.result.result) };
  }

  async endSessionAndWipe(): Promise<AppResult<{ queued: boolean }>> {
    return withHelp(await this.endSessionHere());
  }

  private async endSessionHere(): Promise<AppResult<{ queued: boolean }>> {
    const token = this.gate.token();
    if (!token) return { ok: false, code: 'E_FORBIDDEN' };
    const res = await this.options.agent.request({ type: 'endSession', account: this.options.account, wait: false, token });
    return res.ok ? { ok: true, queued: res.result.queued } : res;
  }

  async preview(): Promise<AppResult<{ summary: WipeSummary }>> {
    return withHelp(await this.previewHere());
  }

  private async previewHere(): Promise<AppResult<{ summary: WipeSummary }>> {
    const token = this.gate.token();
    if (!token) return { ok: false, code: 'E_FORBIDDEN' };
    const res = await this.options.agent.request({ type: 'preview', account: this.options.account, token });
    // An agent older than `preview` refuses the request type itself (E_BAD_REQUEST).
    if (!res.ok) return { ok: false, code: res.code === 'E_BAD_REQUEST' ? 'E_UNSUPPORTED' : res.code };
    return { ok: true, summary: res.result.summary };
  }

  /** The last 20 wipes on this PC, newest first. */
  async lastResults(): Promise<AppResult<{ rows: ResultRow[] }>> {
    const res = await this.options.agent.request({ type: 'status' });
    if (!res.ok) return withHelp({ ok: false, code: res.code });
    return { ok: true, rows: res.result.last.slice(-RESULTS_SHOWN).reverse().map(rowOf) };
  }

  async notice(): Promise<NoticeText> {
    return this.options.notice();
  }

  /** Input seen in one of our windows: an idle tick of 0 cancels the agent's countdown. */
  async activity(): Promise<void> {
    await this.idleTick(0);
  }

  /** The session's idle time (powerMonitor.getSystemIdleTime × 1000), forwarded to the agent. */
  async idleTick(idleMs: number): Promise<boolean> {
    const ms = Math.max(0, Math.min(Math.round(idleMs), 30 * 24 * 3600 * 1000));
    const res = await this.options.agent.request({ type: 'idleTick', idleMs: ms, account: this.options.account });
    return res.ok;
  }

  /** Session hints; the agent's own OS-level detection stays the source of truth. */
  async sessionStarted(): Promise<boolean> {
    return (await this.options.agent.request({ type: 'sessionStart', account: this.options.account })).ok;
  }

  async sessionEnding(): Promise<boolean> {
    const token = this.gate.token();
    const request = { type: 'sessionEnd', account: this.options.account, trigger: 'logout', wait: false } as const;
    return (await this.options.agent.request(token ? { ...request, token } : request)).ok;
  }

  onProgress(l: Listener<ProgressEvent>): () => void {
    this.progress.add(l);
    return () => this.progress.delete(l);
  }

  onCountdown(l: Listener<CountdownEvent>): () => void {
    this.countdown.add(l);
    return () => this.countdown.delete(l);
  }

  onWipeDone(l: Listener<ResultRow>): () => void {
    this.done.add(l);
    return () => this.done.delete(l);
  }

  private dispatch(event: AgentEvent): void {
    if (event.event === 'progress') for (const l of this.progress) l(event.progress);
    else if (event.event === 'wipeDone') for (const l of this.done) l(rowOf(event.result));
    else if (event.event === 'countdown') for (const l of this.countdown) l(event.countdown);
  }

  private async checkPin(pin: string): Promise<PinVerdict> {
    const res = await this.options.agent.request({ type: 'staffUnlock', pin });
    if (res.ok) return { ok: true, token: res.result.token, expiresInSec: res.result.expiresInSec };
    const failure: AppFailure = res.retryAfterSec
      ? { ok: false, code: res.code, retryAfterMs: res.retryAfterSec * 1000 }
      : { ok: false, code: res.code };
    return { ok: false, wrong: res.code === 'E_FORBIDDEN', failure };
  }
}

/** A failure answered to a window carries the code's meaning and action (protocol/error-help.ts). */
export function withHelp<T extends { ok: boolean }>(result: T): T {
  if (result.ok || !('code' in result)) return result;
  const help = errorHelp(String(result.code));
  return help ? { ...result, help } : result;
}
