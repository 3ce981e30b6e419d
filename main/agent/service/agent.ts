/**
 * The agent service core: journal first (dirty accounts are wiped before anything else), then the
 * session sources; a session end of a configured patron account runs a verified wipe. Wipes are
 * serialized; the last results are kept; the local channel serves status and requests.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import type { WipeProgressInfo, WipeResult, WipeTrigger, AgentStatus } from '../../../protocol/ipc.js';
import { PLATFORMS, type Platform } from '../catalog/schema.js';
import type { Config } from '../config/schema.js';
import { systemAccountResolver, tempRootsOf, type AccountTargetResolver } from '../config/targets.js';
import type { ConfigWatcher } from '../config/watcher.js';
import { silentLog, type EventLog } from '../log/logger.js';
import { baselineStateOf, resolveHomes } from '../job/baselines.js';
import { dashboardLink } from '../report/link.js';
import { Journal, type JournalTarget } from '../session/journal.js';
import type { SessionEvent, SessionSource } from '../session/types.js';
import { TabulaError } from '../base/errors.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { ResultStore } from './results.js';
import { RetryScheduler } from './retry.js';
import { EARLY_MAX_ITEMS, WarmUps } from './warm-up.js';
import { StaffAuth } from './staff-pin.js';
import { WipeQueue } from './wipe-queue.js';
import type { WipeRunnerContext } from './wipe-runner.js';
import type { Plan, Target } from '../wipe/types.js';
import { checkStateDir } from './state-dir.js';

import { VERSION } from '../base/version.js';

export interface StartAgentOptions {
  config: Config;
  stateDir: string;
  sources: SessionSource[];
  /** Live configuration; when given, its changes replace `config` (bad versions are ignored by it). */
  watcher?: ConfigWatcher;
  platform?: Platform;
  /** Patron account → wipe target (resolve + vet). Tests inject one that maps to temp homes. */
  resolveAccount?: AccountTargetResolver;
  log?: EventLog;
  knownHomes?: readonly string[];
  /** Ends an OS session (log out); wired by the session sources. Without it, endSession is E_UNSUPPORTED. */
  endOsSession?: (account: string) => Promise<void>;
  /** Called (performance clock) when a wipe made the data unreachable and when a result is ready. */
  onSafe?: (at: number) => void;
  /** Backoff of the retries of failed wipes (retry.ts; default 30 s, 2 min, 10 min, 1 h). Tests pass short ones. */
  retryDelaysMs?: readonly number[];
  /** Between warm-up plans of an open patron session (warm-up.ts; default 30 s, 0: none). Tests and the bench pass short ones. */
  warmEveryMs?: number;
  /** Called after each warm-up plan (tests). */
  onWarm?: () => void;
}

type Listener<T> = (value: T) => void;

let engine:
  | Promise<{
      runWipe: typeof import('./wipe-runner.js').runWipe;
      previewWipe: typeof import('./preview.js').previewWipe;
      warmPlan: typeof import('../job/warm-plan.js').warmPlan;
    }>
  | undefined;

/**
 * The wipe job and its engine (planner, executor, reaper, catalogue, report builder), imported at
 * the first session start or wipe rather than at start-up: an idle agent with no session does not
 * hold them (issue 14: idle RSS). A session start loads them in the background, and the session's
 * warm-up plans (warm-up.ts) run them, so the session's end finds them loaded and compiled.
 */
export function loadEngine(): NonNullable<typeof engine> {
  engine ??= Promise.all([import('./wipe-runner.js'), import('./preview.js'), import('../job/warm-plan.js')]).then(
    ([runner, preview, warm]) => ({ runWipe: runner.runWipe, previewWipe: preview.previewWipe, warmPlan: warm.warmPlan }),
    (error: unknown) => {
      engine = undefined; // tried again at the next wipe
      throw error;
    },
  );
  return engine;
}

export class Agent {
  readonly startedAt = new Date().toISOString();
  /** The staff PIN lockout, kept in the state directory across restarts (staff-pin.ts). */
  readonly staff: StaffAuth;
  private configValue: Config;
  private ready = false;
  private current: WipeProgressInfo | null = null;
  private readonly queue = new WipeQueue<WipeResult>();
  private readonly results: ResultStore;
  private readonly lastStart = new Map<string, number>();
  private readonly progressListeners = new Set<Listener<WipeProgressInfo>>();
  private readonly doneListeners = new Set<Listener<WipeResult>>();
  private readonly idleListeners = new Set<Listener<{ idleMs: number; account?: string }>>();
  private readonly startListeners = new Set<Listener<JournalTarget>>();
  private readonly configListeners = new Set<Listener<Config>>();
  private readonly runner: WipeRunnerContext;
  /** Patron account → home (null: refused or unknown), for the baseline counts of status. */
  private readonly homes = new Map<string, string | null>();
  /** Wipes that left their target dirty are retried (trigger 'recovery'); a session start cancels. */
  readonly retries: RetryScheduler;
  /** Warm-up plans while a patron session is open, so its end finds the planner warm. */
  readonly warmUps: WarmUps;
  /** Account → its target, resolved at a session's first warm-up (no `getent`/`id` run every 30 s); dropped at each session start and configuration. */
  private readonly warmTargets = new Map<string, Promise<Target>>();
  /** Journal key → the open session's last warm-up plan, taken by the session's wipe (wipe/execute/early.ts); dropped at each session start and configuration. */
  private readonly earlierPlans = new Map<string, Plan>();
  private readonly log: EventLog;
  readonly platform: Platform;
  readonly stateDir: string;

  constructor(
    readonly journal: Journal,
    private readonly options: StartAgentOptions,
  ) {
    this.configValue = options.config;
    this.platform = options.platform ?? hostPlatform();
    this.stateDir = options.stateDir;
    this.log = options.log ?? silentLog;
    this.staff = new StaffAuth({ stateDir: options.stateDir, log: this.log });
    this.results = new ResultStore(options.stateDir);
    this.retries = new RetryScheduler({
      delaysMs: options.retryDelaysMs,
      log: this.log,
      retry: (target) => void this.wipeTarget(target, 'recovery').promise.catch(() => undefined),
    });
    this.runner = {
      config: () => this.configValue,
      platform: this.platform,
      stateDir: options.stateDir,
      journal,
      log: this.log,
      resolveAccount: options.resolveAccount ?? systemAccountResolver(this.platform),
      knownHomes: options.knownHomes,
      onProgress: (p) => {
        this.current = p;
        for (const l of this.progressListeners) l(p);
      },
      onSafe: options.onSafe,
      retries: this.retries,
    };
    this.warmUps = new WarmUps({
      everyMs: options.warmEveryMs,
      busy: () => this.queue.running !== undefined || this.queue.queued > 0,
      warm: async (account, stop) => {
        const { warmPlan } = await loadEngine();
        const config = this.configValue;
        let target = this.warmTargets.get(account);
        if (!target) {
          target = this.runner.resolveAccount(account, tempRootsOf(config, this.platform));
          this.warmTargets.set(account, target);
        }
        const ctx = { config, platform: this.platform, stateDir: this.stateDir, knownHomes: options.knownHomes };
        const { plan, ms } = await warmPlan([await target], ctx, stop);
        // Kept for the session's end (its items are moved first), unless a wipe was requested meanwhile.
        const key = this.journal.keyOf({ kind: 'account', name: account });
        if (!stop() && config === this.configValue && plan.items.length <= EARLY_MAX_ITEMS) this.earlierPlans.set(key, plan);
        else this.earlierPlans.delete(key);
        return ms;
      },
      onWarm: options.onWarm,
    });
    options.watcher?.onChange((config) => {
      this.configValue = config;
      this.homes.clear();
      this.warmTargets.clear();
      this.earlierPlans.clear();
      this.log.info('config.applied', { accounts: config.accounts?.length ?? 0 });
      for (const l of this.configListeners) l(config);
    });
    options.watcher?.onError((problems) => this.log.warn('config.invalid', { problems: problems.length, kept: 'last-good' }));
  }

  get config(): Config {
    return this.configValue;
  }

  onProgress(l: Listener<WipeProgressInfo>): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  onWipeDone(l: Listener<WipeResult>): () => void {
    this.doneListeners.add(l);
    return () => this.doneListeners.delete(l);
  }

  /** Idle ticks from the patron session, for the idle state machine (session sources). */
  onIdleTick(l: Listener<{ idleMs: number; account?: string }>): () => void {
    this.idleListeners.add(l);
    return () => this.idleListeners.delete(l);
  }

  /** A session start (any source), after it is journalled; and each applied configuration. */
  onSessionStart(l: Listener<JournalTarget>): () => void {
    this.startListeners.add(l);
    return () => this.startListeners.delete(l);
  }

  onConfig(l: Listener<Config>): () => void {
    this.configListeners.add(l);
    return () => this.configListeners.delete(l);
  }

  idleTick(idleMs: number, account?: string): void {
    for (const l of this.idleListeners) l({ idleMs, account });
  }

  isPatron(name: string): boolean {
    return (this.configValue.accounts ?? []).includes(name);
  }

  /** Marks the target dirty (durably) before the session can write anything worth wiping. */
  sessionStart(target: JournalTarget, source: string): void {
    if (target.kind === 'account' && !this.isPatron(target.name)) throw new TabulaError('E_NOT_PATRON');
    this.journal.markDirty(target);
    const key = this.journal.keyOf(target);
    this.lastStart.set(key, performance.now());
    this.retries.cancel(key);
    this.log.info('session.start', { source, kind: target.kind });
    loadEngine().catch(() => undefined); // warm for the session's end (a failure shows at the wipe)
    this.earlierPlans.delete(key);
    if (target.kind === 'account') {
      this.warmTargets.delete(target.name);
      this.warmUps.sessionStarted(key, target.name);
    }
    for (const l of this.startListeners) l(target);
  }

  /**
   * Queues a verified wipe of the target; resolves with its result. `sessionOpen`: the patron's
   * session stays open (staff "Wipe now"), so auto mode wipes the catalogue instead of resetting.
   */
  wipeTarget(
    target: JournalTarget,
    trigger: WipeTrigger,
    signalAt = performance.now(),
    options: { sessionOpen?: boolean } = {},
  ): { promise: Promise<WipeResult>; deduped: boolean } {
    if (target.kind === 'account' && !this.isPatron(target.name)) throw new TabulaError('E_NOT_PATRON');
    const key = this.journal.keyOf(target);
    this.warmUps.wipeRequested(key);
    const earlier = this.earlierPlans.get(key);
    this.earlierPlans.delete(key);
    const { promise, deduped } = this.queue.enqueue(key, async () => {
      const began = performance.now();
      const { runWipe } = await loadEngine();
      const result = await runWipe(
        {
          target,
          trigger,
          signalAt,
          startedAfter: () => (this.lastStart.get(key) ?? 0) > began,
          sessionOpen: options.sessionOpen,
          earlier,
        },
        this.runner,
        () => this.queue.queued,
      );
      this.current = null;
      this.results.add(result);
      for (const l of this.doneListeners) l(result);
      return result;
    });
    return { promise, deduped };
  }

  /** A dry run for a patron account or every configured one: counts only, nothing touched (preview.ts). */
  async preview(account?: string): Promise<WipeSummary> {
    return (await loadEngine()).previewWipe(this.runner, account);
  }

  /** A session source's event. Events for accounts that are not configured patrons are ignored. */
  handleEvent(event: SessionEvent): void {
    const signalAt = performance.now();
    if (event.kind === 'shutdown' || !event.account) {
      this.log.info('session.event', { kind: event.kind, source: event.source });
      return;
    }
    if (!this.isPatron(event.account)) {
      this.log.info('session.ignored', { kind: event.kind, source: event.source, reason: 'not-a-patron-account' });
      return;
    }
    const target: JournalTarget = { kind: 'account', name: event.account };
    if (event.kind === 'start') {
      this.sessionStart(target, event.source);
      return;
    }
    this.log.info('session.end', { source: event.source, trigger: event.trigger });
    this.wipeTarget(target, event.trigger, signalAt).promise.catch(() => undefined);
  }

  async endSession(account: string, wait: boolean): Promise<{ queued: boolean; result?: WipeResult }> {
    if (!this.isPatron(account)) throw new TabulaError('E_NOT_PATRON');
    if (!this.options.endOsSession) throw new TabulaError('E_UNSUPPORTED', 'no session control on this computer yet');
    const signalAt = performance.now();
    await this.options.endOsSession(account);
    const { promise } = this.wipeTarget({ kind: 'account', name: account }, 'manual', signalAt);
    return wait ? { queued: true, result: await promise } : { queued: true };
  }

  /** Wipes every dirty account first (trigger 'recovery'); a corrupt journal makes every patron dirty. */
  recover(): Promise<WipeResult[]> {
    const configured = (this.configValue.accounts ?? []).map((name) => ({ name, key: this.journal.keyOf({ kind: 'account', name }) }));
    const jobs: Promise<WipeResult>[] = [];
    const dirty = this.journal.dirty();
    let orphans = 0;
    for (const { key, entry } of dirty) {
      const account = configured.find((c) => c.key === key);
      if (entry.roots) jobs.push(this.wipeTarget({ kind: 'roots', home: entry.roots.home, temp: entry.roots.temp }, 'recovery').promise);
      else if (account) jobs.push(this.wipeTarget({ kind: 'account', name: account.name }, 'recovery').promise);
      else orphans++;
    }
    if (this.journal.corrupt) {
      for (const c of configured) jobs.push(this.wipeTarget({ kind: 'account', name: c.name }, 'recovery').promise);
    }
    this.log.info('agent.recovery', { dirty: dirty.length, wipes: jobs.length, orphans, corrupt: this.journal.corrupt });
    return Promise.all(jobs);
  }

  /** Resolves the homes of configured accounts not resolved yet (status counts their baselines). */
  async refreshHomes(): Promise<void> {
    await resolveHomes(this.configValue, this.runner.resolveAccount, this.homes);
  }

  markReady(): void {
    this.ready = true;
  }

  status(): AgentStatus {
    const cfg = this.options.watcher?.current;
    return {
      ready: this.ready,
      version: VERSION,
      startedAt: this.startedAt,
      journal: this.journal.counts(),
      current: this.queue.running ? this.current : null,
      queued: this.queue.queued,
      retries: this.retries.pending,
      last: this.results.all(),
      config: {
        patronAccounts: this.configValue.accounts?.length ?? 0,
        errors: cfg?.errors ?? 0,
        ...(cfg?.lastProblems[0] ? { lastError: cfg.lastProblems[0] } : {}),
      },
      dashboard: dashboardLink(this.stateDir),
      baseline: (({ mode, captured, missing }) => ({ mode, captured, missing }))(
        baselineStateOf(this.configValue, this.stateDir, this.homes),
      ),
    };
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }
}

export function hostPlatform(): Platform {
  return (PLATFORMS as readonly string[]).includes(process.platform) ? (process.platform as Platform) : 'linux';
}

/**
 * Creates the state directory: private, but traversable so the sockets inside can be reached. A
 * folder someone else owns or can write is refused (E_STATE, state-dir.ts), never adopted.
 */
export function prepareStateDir(stateDir: string): void {
  checkStateDir(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o711 });
  checkStateDir(stateDir);
  if (process.platform !== 'win32') chmodSync(stateDir, 0o711);
}
