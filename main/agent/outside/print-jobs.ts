/**
 * The patron's print jobs, found through the print system by owner, never by guessing files:
 * CUPS (Linux, macOS) over IPP, the Windows spooler through PowerShell's PrintManagement module.
 * Every job of the patron — queued, held, printing, and the completed history a "keep printed
 * documents" queue or CUPS's job history retains — is purged with its spool files; another
 * account's job is never touched. Then the print logs are scrubbed of the patron's entries
 * (log-scrub.ts says why scrubbing, not switching logging off).
 *
 * Honesty: when the print system cannot be asked and its spool holds jobs, or the spool cannot
 * be read, the area is `unchecked` with a code, and the wipe is `partial`, never `clean`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { Platform } from '../catalog/schema.js';
import type { CommandRunner } from '../base/run-command.js';
import type { PrintOptions } from '../wipe/types.js';
import { cupsInstalled, cupsLayout, spoolJobIds, type CupsPaths } from './cups-config.js';
import { CupsUnavailable, listJobs, purgeJobById, type CupsJob } from './cups-ipp.js';
import { asLatin1, scrubCupsPdf, scrubFile, scrubLines, type PatronMarks } from './log-scrub.js';
import { listWindowsJobs, removeWindowsJobs, WindowsSpoolerUnavailable } from './windows-print.js';
import { readdirSync } from 'node:fs';

export interface Patron {
  user: string;
  home: string;
}

export type AreaAction = 'plan' | 'wipe' | 'verify';

/** What one outside-home area did: counts and codes only leave this module. */
export interface AreaOutcome {
  /** `absent`: the area does not exist on this PC (no CUPS); `unchecked`: it could not be looked at. */
  status: 'checked' | 'absent' | 'unchecked';
  items: number;
  bytes: number;
  /** Left after a wipe (verify: what is still there). */
  remaining: number;
  failures: Array<{ code: ErrorCode; count: number }>;
}

const empty = (status: AreaOutcome['status']): AreaOutcome => ({ status, items: 0, bytes: 0, remaining: 0, failures: [] });

function fail(outcome: AreaOutcome, code: ErrorCode, count = 1): void {
  const f = outcome.failures.find((x) => x.code === code);
  if (f) f.count += count;
  else outcome.failures.push({ code, count });
}

export function defaultCupsServer(platform: Platform): string {
  const socket = platform === 'darwin' ? '/private/var/run/cupsd' : '/run/cups/cups.sock';
  return existsSync(socket) ? socket : 'localhost:631';
}

const sameUser = (platform: Platform) => (a: string, b: string) => (platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase());

export async function printJobs(
  platform: Platform,
  patron: Patron,
  options: PrintOptions,
  action: AreaAction,
  run: CommandRunner,
): Promise<AreaOutcome> {
  if (platform === 'win32') return windowsPrintJobs(patron, action, run);
  return cupsPrintJobs(platform, patron, options, action, run);
}

async function cupsPrintJobs(
  platform: Platform,
  patron: Patron,
  options: PrintOptions,
  action: AreaAction,
  run: CommandRunner,
): Promise<AreaOutcome> {
  const paths: CupsPaths = { serverRoot: options.cupsServerRoot ?? '/etc/cups', cupsPdfConfDir: options.cupsPdfConfDir ?? '/etc/cups' };
  if (!cupsInstalled(paths) && options.cupsServer === undefined) return empty('absent');
  const layout = cupsLayout(paths);
  const server = options.cupsServer ?? defaultCupsServer(platform);
  const outcome = empty('checked');
  let jobs: CupsJob[];
  try {
    jobs = await listJobs(run, server);
  } catch (error) {
    if (!(error instanceof CupsUnavailable)) throw error;
    // CUPS cannot be asked who printed what. An empty spool holds nobody's jobs; anything else is unchecked.
    try {
      if (spoolJobIds(layout.spool).size > 0) {
        outcome.status = 'unchecked';
        fail(outcome, 'E_PRINT_UNAVAILABLE');
      }
    } catch (spoolError) {
      if ((spoolError as { code?: string }).code !== 'ENOENT') {
        outcome.status = 'unchecked';
        fail(outcome, (spoolError as { code?: string }).code === 'EACCES' ? 'E_PERM' : 'E_IO');
      }
    }
    jobs = [];
  }
  const same = sameUser(platform);
  const mine = jobs.filter((job) => same(job.user, patron.user));
  const marks = asLatin1({ user: patron.user, home: patron.home, titles: mine.map((j) => j.title), jobIds: mine.map((j) => j.id) });
  if (action === 'verify') {
    outcome.remaining += mine.length;
  } else {
    outcome.items = mine.length;
    outcome.bytes = mine.reduce((n, j) => n + j.bytes, 0);
  }
  if (action === 'wipe') {
    for (const job of mine) if (!(await purgeJobById(run, server, job.id))) fail(outcome, 'E_PRINT_UNAVAILABLE');
    // The scheduler deletes c<id> and d<id>-<n> when it purges; whatever is still there is counted.
    try {
      const left = spoolJobIds(layout.spool);
      const stay = mine.filter((job) => left.has(job.id)).length;
      if (stay > 0) fail(outcome, 'E_REMAINING', stay);
      outcome.remaining += stay;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') {
        outcome.status = 'unchecked';
        fail(outcome, (error as { code?: string }).code === 'EACCES' ? 'E_PERM' : 'E_IO');
      }
    }
  }
  scrubLogs(layout.schedulerLogs, layout.cupsPdfLogDirs, marks, action, outcome);
  return outcome;
}

/** The patron's entries in the print logs: scrubbed by a wipe, counted by plan and verify. */
function scrubLogs(schedulerLogs: string[], cupsPdfDirs: string[], marks: PatronMarks, action: AreaAction, outcome: AreaOutcome): void {
  const targets: Array<{ file: string; scrub: (t: string) => { text: string; removed: number } }> = [];
  for (const file of schedulerLogs) targets.push({ file, scrub: (t) => scrubLines(t, marks) });
  for (const dir of cupsPdfDirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /^cups-pdf.*_log(\.\d+)?$/.test(n));
    } catch {
      continue;
    }
    for (const name of names.sort()) targets.push({ file: path.join(dir, name), scrub: (t) => scrubCupsPdf(t, marks) });
  }
  for (const { file, scrub } of targets) {
    const result = scrubFile(file, scrub, action !== 'wipe');
    if ('absent' in result) continue;
    if ('error' in result) {
      fail(outcome, result.error);
      if (action !== 'plan') outcome.status = 'unchecked';
      continue;
    }
    if (action === 'verify' && result.removed > 0) {
      outcome.remaining += 1;
      fail(outcome, 'E_REMAINING');
    }
  }
}

async function windowsPrintJobs(patron: Patron, action: AreaAction, run: CommandRunner): Promise<AreaOutcome> {
  const outcome = empty('checked');
  const same = sameUser('win32');
  try {
    const mine = (await listWindowsJobs(run)).filter((job) => same(job.user, patron.user));
    if (action === 'verify') {
      outcome.remaining = mine.length;
      return outcome;
    }
    outcome.items = mine.length;
    outcome.bytes = mine.reduce((n, j) => n + j.bytes, 0);
    if (action === 'wipe' && mine.length > 0) {
      const failed = await removeWindowsJobs(run, mine);
      if (failed > 0) fail(outcome, 'E_PRINT_UNAVAILABLE', failed);
    }
  } catch (error) {
    if (!(error instanceof WindowsSpoolerUnavailable)) throw error;
    outcome.status = 'unchecked';
    fail(outcome, 'E_PRINT_UNAVAILABLE');
  }
  return outcome;
}
