/**
 * Scheduled session ends from the configuration, e.g. closing time (`end-sessions-and-wipe`: log
 * every patron out, then wipe) or a nightly reset (`wipe`). Each entry becomes a node-schedule job
 * (or a job of an injected scheduler in tests); when it fires, every patron account gets an `end`
 * event with trigger 'schedule', after its sessions were ended for `end-sessions-and-wipe`.
 *
 * Cron: 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first), local
 * time. A bad expression is an error naming the entry: `schedules[2].cron: ...`.
 */
import { createRequire } from 'node:module';
import type NodeSchedule from 'node-schedule';
import type { SessionEvent, SessionSource } from './types.js';

export interface ScheduleEntry {
  cron: string;
  action: 'wipe' | 'end-sessions-and-wipe';
}

export interface ScheduledJob {
  cancel(): void;
}

/** node-schedule's scheduleJob, or a fake. Returns null when the expression never fires. */
export type Scheduler = (cron: string, fire: () => void) => ScheduledJob | null;

let nodeSchedule: typeof NodeSchedule | undefined;

/** node-schedule (with cron-parser, ~8 MB resident), loaded by the first schedule, not by every agent. */
export const nodeScheduler: Scheduler = (cron, fire) => {
  nodeSchedule ??= createRequire(import.meta.url)('node-schedule') as typeof NodeSchedule;
  const job = nodeSchedule.scheduleJob(cron, () => fire());
  return job ? { cancel: () => void job.cancel() } : null;
};

export class ScheduleConfigError extends Error {
  constructor(
    readonly index: number,
    readonly field: 'cron' | 'action' | 'entry',
    detail: string,
  ) {
    super(`schedules[${index}]${field === 'entry' ? '' : `.${field}`}: ${detail}`);
    this.name = 'ScheduleConfigError';
  }
}

const CRON_FIELD = /^[0-9A-Za-z*?/,#-]+$/;
const ACTIONS = new Set(['wipe', 'end-sessions-and-wipe']);

/** Checks an entry's shape and cron syntax (node-schedule alone accepts "" and "* * *"). */
export function validateScheduleEntry(entry: unknown, index: number): ScheduleEntry {
  if (typeof entry !== 'object' || entry === null) throw new ScheduleConfigError(index, 'entry', 'expected an object { cron, action }');
  const { cron, action } = entry as Record<string, unknown>;
  if (typeof cron !== 'string') throw new ScheduleConfigError(index, 'cron', 'expected a cron expression string');
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new ScheduleConfigError(
      index,
      'cron',
      `${JSON.stringify(cron)} is not a cron expression (expected 5 fields "minute hour day-of-month month day-of-week", or 6 with seconds first)`,
    );
  }
  if (typeof action !== 'string' || !ACTIONS.has(action)) {
    throw new ScheduleConfigError(index, 'action', 'expected "wipe" or "end-sessions-and-wipe"');
  }
  return { cron: fields.join(' '), action: action as ScheduleEntry['action'] };
}

export interface ScheduleSourceOptions {
  entries: readonly unknown[];
  /** The patron accounts at the time the job fires (configuration can change meanwhile). */
  accounts: () => readonly string[];
  /** Logs an account out (log-out.ts) before its `end` for 'end-sessions-and-wipe'. */
  endSessions?: (account: string) => Promise<unknown>;
  scheduler?: Scheduler;
  /** Fixed event names for the log ('schedule.end-sessions-failed'); never patron data. */
  onError?: (event: string) => void;
}

export class ScheduleSource implements SessionSource {
  readonly name = 'schedule';
  private jobs: ScheduledJob[] = [];
  private readonly entries: ScheduleEntry[];
  private emit: ((event: SessionEvent) => void) | undefined;
  private firing: Promise<void> = Promise.resolve();

  /** Validates every entry at once: a bad entry throws ScheduleConfigError before anything is scheduled. */
  constructor(private readonly options: ScheduleSourceOptions) {
    this.entries = options.entries.map((entry, index) => validateScheduleEntry(entry, index));
  }

  async start(emit: (event: SessionEvent) => void): Promise<void> {
    this.emit = emit;
    const scheduler = this.options.scheduler ?? nodeScheduler;
    const jobs: ScheduledJob[] = [];
    for (const [index, entry] of this.entries.entries()) {
      const job = scheduler(entry.cron, () => {
        this.firing = this.firing.then(() => this.fire(entry));
      });
      if (!job) {
        for (const j of jobs) j.cancel();
        throw new ScheduleConfigError(index, 'cron', `${JSON.stringify(entry.cron)} never fires (no such date)`);
      }
      jobs.push(job);
    }
    this.jobs = jobs;
  }

  async stop(): Promise<void> {
    for (const job of this.jobs) job.cancel();
    this.jobs = [];
    await this.firing;
    this.emit = undefined;
  }

  /** Resolves when the jobs fired so far are done (tests). */
  settled(): Promise<void> {
    return this.firing;
  }

  private async fire(entry: ScheduleEntry): Promise<void> {
    for (const account of this.options.accounts()) {
      if (entry.action === 'end-sessions-and-wipe' && this.options.endSessions) {
        try {
          await this.options.endSessions(account);
        } catch {
          this.options.onError?.('schedule.end-sessions-failed');
        }
      }
      this.emit?.({ kind: 'end', account, trigger: 'schedule', source: this.name });
    }
  }
}
