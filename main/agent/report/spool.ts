/**
 * The durable spool: `<state>/report/spool/`, one file per report (atomic write + fsync + rename).
 * Bounded: when over the limit, successes not yet attempted are merged per hour, trigger and
 * outcome into aggregates (fresh key); failures are never merged or dropped. An aggregate records
 * the files it replaces, so a crash between writing it and deleting them cannot double-count.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Type, Value, type Static } from '../../../protocol/typebox.js';
import { AgentVersion, ConfigHash, PcLabel, Report } from '../../../protocol/report.js';
import { mergeReports } from './builder.js';
import { fsyncDir, readJsonFile, writeFileAtomic } from '../base/atomic-file.js';
import { ensurePrivateDir, reportDir, spoolDir } from './files.js';

export const DEFAULT_SPOOL_LIMIT = 10_000;
const NAME = /^\d{15}-[fs]-[0-9a-f-]{36}\.json$/;

export const SpoolRecord = Type.Object(
  {
    v: Type.Literal(1),
    queuedAt: Type.Integer({ minimum: 0 }),
    /** A failure (outcome not clean): sent at once, never merged, never dropped. */
    urgent: Type.Boolean(),
    agentVersion: AgentVersion,
    configHash: ConfigHash,
    /** The PC's name when it was queued (sent in the batch header). */
    pcLabel: Type.Optional(PcLabel),
    report: Report,
    /** Local only: spool files this aggregate replaces (deleted if still present). */
    replaces: Type.Optional(Type.Array(Type.String({ pattern: NAME.source }), { maxItems: 100_000 })),
  },
  { additionalProperties: false },
);
export type SpoolRecordT = Static<typeof SpoolRecord>;
export interface SpoolEntry extends SpoolRecordT {
  name: string;
}

export function entryName(record: SpoolRecordT): string {
  return `${String(record.queuedAt).padStart(15, '0')}-${record.urgent ? 'f' : 's'}-${record.report.key}.json`;
}

function groupKey(e: SpoolEntry): string {
  return [e.report.hour, e.report.trigger, e.report.outcome, e.configHash, e.agentVersion, e.pcLabel ?? ''].join('|');
}

export class Spool {
  readonly dir: string;
  private readonly attemptedFile: string;

  constructor(
    stateDir: string,
    readonly limit = DEFAULT_SPOOL_LIMIT,
  ) {
    this.dir = spoolDir(stateDir);
    this.attemptedFile = path.join(reportDir(stateDir), 'attempted.json');
    ensurePrivateDir(this.dir);
  }

  private names(): string[] {
    return readdirSync(this.dir)
      .filter((n) => NAME.test(n))
      .sort();
  }

  count(): number {
    return this.names().length;
  }

  /**
   * Every valid entry, oldest first. Removes leftovers: temp files of an interrupted write,
   * files an aggregate replaced, and files that are not a valid record (returned as `invalid`).
   */
  load(): { entries: SpoolEntry[]; invalid: number } {
    const all = readdirSync(this.dir);
    for (const n of all) if (n.startsWith('.') && n.endsWith('.tmp')) rmSync(path.join(this.dir, n), { force: true });
    const entries: SpoolEntry[] = [];
    let invalid = 0;
    const bad: string[] = [];
    for (const name of all.filter((n) => NAME.test(n)).sort()) {
      const value = readJsonFile(path.join(this.dir, name));
      if (Value.Check(SpoolRecord, value) && entryName(value) === name) entries.push({ ...value, name });
      else {
        invalid++;
        bad.push(name);
      }
    }
    const replaced = new Set(entries.flatMap((e) => e.replaces ?? []));
    if (replaced.size > 0 || bad.length > 0) this.remove([...bad, ...entries.filter((e) => replaced.has(e.name)).map((e) => e.name)]);
    return { entries: entries.filter((e) => !replaced.has(e.name)), invalid };
  }

  /** Writes a record; then, when over the limit, merges (and if need be drops) old successes. */
  add(record: SpoolRecordT): { name: string; merged: number; dropped: number } {
    const name = entryName(record);
    writeFileAtomic(path.join(this.dir, name), JSON.stringify(record));
    if (this.count() <= this.limit) return { name, merged: 0, dropped: 0 };
    const merged = this.aggregate(() => true);
    let dropped = 0;
    const { entries } = this.load();
    if (entries.length > this.limit) {
      const attempted = this.attempted();
      const victims = entries.filter((e) => !e.urgent && !attempted.has(e.name)).slice(0, entries.length - this.limit);
      this.remove(victims.map((e) => e.name));
      dropped = victims.length;
    }
    return { name, merged, dropped };
  }

  /**
   * Merges successes that are not yet attempted and that `eligible` accepts, per hour, trigger,
   * outcome and header, into one aggregate each. Returns how many entries went into aggregates.
   */
  aggregate(eligible: (e: SpoolEntry) => boolean): number {
    const attempted = this.attempted();
    const groups = new Map<string, SpoolEntry[]>();
    for (const e of this.load().entries) {
      if (e.urgent || attempted.has(e.name) || !eligible(e)) continue;
      const k = groupKey(e);
      groups.set(k, [...(groups.get(k) ?? []), e]);
    }
    let merged = 0;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const first = group[0] as SpoolEntry;
      const record: SpoolRecordT = {
        v: 1,
        queuedAt: Math.min(...group.map((e) => e.queuedAt)),
        urgent: false,
        agentVersion: first.agentVersion,
        configHash: first.configHash,
        ...(first.pcLabel === undefined ? {} : { pcLabel: first.pcLabel }),
        report: mergeReports(group.map((e) => e.report)),
        replaces: group.map((e) => e.name),
      };
      writeFileAtomic(path.join(this.dir, entryName(record)), JSON.stringify(record));
      this.remove(group.map((e) => e.name));
      merged += group.length;
    }
    return merged;
  }

  remove(names: readonly string[]): void {
    if (names.length === 0) return;
    for (const n of names) rmSync(path.join(this.dir, n), { force: true });
    fsyncDir(this.dir);
  }

  /** Entries sent at least once without a 2xx: they keep their key and are never merged again. */
  attempted(): Set<string> {
    const value = readJsonFile(this.attemptedFile);
    return new Set(Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : []);
  }

  markAttempted(names: readonly string[]): void {
    const present = new Set(this.names());
    const next = new Set([...this.attempted()].filter((n) => present.has(n)));
    let changed = false;
    for (const n of names)
      if (!next.has(n)) {
        next.add(n);
        changed = true;
      }
    if (changed) writeFileAtomic(this.attemptedFile, JSON.stringify([...next]));
  }
}
