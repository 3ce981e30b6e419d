/**
 * The journal: which patron accounts may hold a patron's data. A session start marks the account
 * dirty on disk before anything else; only a verified wipe (nothing remains, outcome clean) marks
 * it clean. On service start every dirty account is wiped first.
 *
 * On disk (`<stateDir>/journal.json`, mode 0600, atomic write + fsync + rename + fsync dir) an
 * account is a keyed hash — HMAC-SHA256 with a per-installation secret (`journal.key`) — never
 * its name: usernames are guessable, a plain hash would not hide them, a keyed one does. The agent
 * finds a dirty account again by hashing the configured names. Sessions given as explicit roots
 * (`--home DIR`, IT scripts and tests) store their roots, since nothing else could find them after
 * a crash; the state directory is root-only.
 *
 * A journal that cannot be parsed is kept aside (`journal.json.corrupt-<time>`) and reported as
 * `corrupt`: the agent then treats every configured account as dirty (fail safe).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { readJsonFileStrict, writeFileAtomic, writeJsonAtomic, type AtomicStepHook } from '../base/atomic-file.js';

export type JournalTarget = { kind: 'account'; name: string } | { kind: 'roots'; home: string; temp: string[] };

export interface JournalEntry {
  state: 'dirty' | 'clean';
  /** When the entry last became dirty (or clean). */
  since: string;
  updated: string;
  /** Wipes tried since it became dirty. */
  attempts: number;
  lastCode?: ErrorCode;
  /** Explicit-roots sessions only. */
  roots?: { home: string; temp: string[] };
}

interface JournalFile {
  version: 1;
  entries: Record<string, JournalEntry>;
}

export const JOURNAL_FILE = 'journal.json';
const KEY_FILE = 'journal.key';

/** A wipe proves the account clean only when it really ran, re-planned nothing and failed nothing. */
export function isVerifiedClean(summary: WipeSummary): boolean {
  return !summary.dryRun && summary.remaining === 0 && summary.outcome === 'clean' && summary.failures.length === 0;
}

export class Journal {
  /** True when the file on disk could not be parsed (or its key was lost) at open. */
  readonly corrupt: boolean;
  private entries: Record<string, JournalEntry>;

  private constructor(
    private readonly file: string,
    private readonly secret: Buffer,
    entries: Record<string, JournalEntry>,
    corrupt: boolean,
    private readonly onStep?: AtomicStepHook,
  ) {
    this.entries = entries;
    this.corrupt = corrupt;
  }

  static open(stateDir: string, options: { onStep?: AtomicStepHook } = {}): Journal {
    const file = path.join(stateDir, JOURNAL_FILE);
    const keyFile = path.join(stateDir, KEY_FILE);
    let corrupt = false;
    let secret: Buffer;
    if (existsSync(keyFile)) {
      secret = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    } else {
      secret = randomBytes(32);
      writeFileAtomic(keyFile, secret.toString('hex') + '\n', { mode: 0o600 });
    }
    let entries: Record<string, JournalEntry> = {};
    try {
      const raw = readJsonFileStrict(file) as JournalFile | undefined;
      if (raw !== undefined) {
        if (raw?.version !== 1 || typeof raw.entries !== 'object' || raw.entries === null) throw new SyntaxError('bad journal');
        entries = raw.entries;
      }
    } catch (error) {
      if ((error as { code?: string }).code && !(error instanceof SyntaxError)) throw error;
      renameSync(file, `${file}.corrupt-${Date.now()}`);
      corrupt = true;
    }
    if (secret.length !== 32) corrupt = true;
    const journal = new Journal(file, secret, entries, corrupt, options.onStep);
    if (corrupt) journal.save();
    return journal;
  }

  keyOf(target: JournalTarget): string {
    const mac = createHmac('sha256', this.secret);
    if (target.kind === 'account') return 'a-' + mac.update(`account\0${target.name}`).digest('hex').slice(0, 32);
    return (
      'r-' +
      mac
        .update(`roots\0${path.resolve(target.home)}`)
        .digest('hex')
        .slice(0, 32)
    );
  }

  entry(target: JournalTarget): JournalEntry | undefined {
    return this.entries[this.keyOf(target)];
  }

  isDirty(target: JournalTarget): boolean {
    return this.entry(target)?.state === 'dirty';
  }

  /** Marks dirty and makes it durable before returning. */
  markDirty(target: JournalTarget, now = new Date()): void {
    const key = this.keyOf(target);
    const old = this.entries[key];
    const at = now.toISOString();
    const entry: JournalEntry = old?.state === 'dirty' ? { ...old, updated: at } : { state: 'dirty', since: at, updated: at, attempts: 0 };
    if (target.kind === 'roots') entry.roots = { home: path.resolve(target.home), temp: target.temp.map((t) => path.resolve(t)) };
    this.entries[key] = entry;
    this.save();
  }

  /**
   * Records a wipe's outcome: clean only when verified; otherwise stays dirty with the error code.
   * Returns whether the account is now clean.
   */
  recordWipe(target: JournalTarget, summary: WipeSummary | undefined, code?: ErrorCode, now = new Date()): boolean {
    const key = this.keyOf(target);
    const at = now.toISOString();
    const old = this.entries[key];
    if (summary && isVerifiedClean(summary)) {
      this.entries[key] = { state: 'clean', since: at, updated: at, attempts: 0 };
      this.save();
      return true;
    }
    const failure = code ?? summary?.failures[0]?.code ?? 'E_REMAINING';
    const entry: JournalEntry = {
      ...(old ?? { since: at, attempts: 0 }),
      state: 'dirty',
      updated: at,
      attempts: (old?.attempts ?? 0) + 1,
      lastCode: failure,
    };
    if (target.kind === 'roots') entry.roots = { home: path.resolve(target.home), temp: target.temp.map((t) => path.resolve(t)) };
    this.entries[key] = entry;
    this.save();
    return false;
  }

  /** Dirty entries, with their key (explicit-roots entries carry their roots). */
  dirty(): Array<{ key: string; entry: JournalEntry }> {
    return Object.entries(this.entries)
      .filter(([, e]) => e.state === 'dirty')
      .map(([key, entry]) => ({ key, entry }));
  }

  counts(): { dirty: number; clean: number } {
    const all = Object.values(this.entries);
    const dirty = all.filter((e) => e.state === 'dirty').length;
    return { dirty, clean: all.length - dirty };
  }

  /** Forgets an entry nothing can wipe any more (e.g. its roots are gone). */
  forget(key: string): void {
    delete this.entries[key];
    this.save();
  }

  private save(): void {
    writeJsonAtomic(this.file, { version: 1, entries: this.entries } satisfies JournalFile, { mode: 0o600, onStep: this.onStep });
  }
}

/** Counts of a journal on disk without opening it for writing (status when no agent runs). */
export function journalCounts(stateDir: string): { dirty: number; clean: number } | undefined {
  try {
    const raw = readJsonFileStrict(path.join(stateDir, JOURNAL_FILE)) as JournalFile | undefined;
    if (!raw) return { dirty: 0, clean: 0 };
    const all = Object.values(raw.entries ?? {});
    const dirty = all.filter((e) => e.state === 'dirty').length;
    return { dirty, clean: all.length - dirty };
  } catch {
    return undefined;
  }
}
