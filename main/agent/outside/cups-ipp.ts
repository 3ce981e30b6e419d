/**
 * CUPS through its own interface, IPP, with `ipptool` (cups-ipp-utils): list every job the
 * scheduler keeps (queued, held, processing and the completed/canceled history) with its owner,
 * and purge one job by id (`Cancel-Job` with `purge-job`: the scheduler cancels it if it is still
 * active and deletes its control file `c…` and document files `d…-NNN` from the spool). `cancel -x`
 * refuses completed jobs and `cancel -a -x` purges every account's jobs, so neither fits.
 *
 * The test files (fixed text plus job ids) are written to a fresh owner-only folder (ipptool cannot
 * read its test from a socket, which is what a child's stdin is under Node). Job owners and titles
 * come back in memory, never reach a log or output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandResult, CommandRunner } from '../base/run-command.js';

/** Runs ipptool with `test` as its test file. */
async function ipptool(run: CommandRunner, args: string[], test: string): Promise<CommandResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-ipp-'));
  try {
    const file = path.join(dir, 'request.test');
    writeFileSync(file, test, { mode: 0o600, flag: 'wx' });
    return await run('ipptool', [...args, file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CupsJob {
  id: number;
  /** `job-originating-user-name`: the account that printed it. */
  user: string;
  state: string;
  /** `job-name`: the document's title (often the file name). Kept in memory to scrub logs. */
  title: string;
  bytes: number;
}

/** Why CUPS could not be asked: not reachable (or no ipptool), or an answer that makes no sense. */
export class CupsUnavailable extends Error {}

const HEADER = 'job-id,job-originating-user-name,job-state,job-name,job-k-octets';

const GET_JOBS = `{
  NAME "Get-Jobs"
  OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name root
  ATTR keyword which-jobs all
  ATTR keyword requested-attributes job-id,job-originating-user-name,job-state,job-name,job-k-octets
  STATUS successful-ok
  DISPLAY job-id
  DISPLAY job-originating-user-name
  DISPLAY job-state
  DISPLAY job-name
  DISPLAY job-k-octets
}
`;

const purgeJob = (id: number) => `{
  NAME "Cancel-Job purge-job"
  OPERATION Cancel-Job
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id ${id}
  ATTR name requesting-user-name root
  ATTR boolean purge-job true
  STATUS successful-ok
  STATUS client-error-not-found
}
`;

/**
 * The ipp:// URI of a CUPS server: a local socket path (`/run/cups/cups.sock`) is percent-encoded
 * as the host, the way CUPS's own clients accept it; `host[:port]` is used as is.
 */
export function serverUri(server: string): string {
  if (server.startsWith('/')) return `ipp://${encodeURIComponent(server)}/`;
  if (!/^[A-Za-z0-9.[\]:-]+$/.test(server)) throw new CupsUnavailable('the CUPS server address is not a socket path or host[:port]');
  return `ipp://${server}/`;
}

/**
 * One CSV line of ipptool -c: fields separated by commas, a field with commas or quotes quoted,
 * with backslash escapes inside quotes (and IPP's own `\"` escaping of the value under them).
 */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '\\' && i + 1 < line.length) { value += line[i + 1]; i += 2; continue; }
        if (line[i] === '"' && line[i + 1] === '"') { value += '"'; i += 2; continue; }
        if (line[i] === '"') { i++; break; }
        value += line[i++];
      }
      fields.push(value.replace(/\\(["\\])/g, '$1'));
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}

/** The jobs of a Get-Jobs answer (ipptool -c). Throws CupsUnavailable on anything else. */
export function parseJobs(stdout: string): CupsJob[] {
  const lines = stdout.split(/\r?\n/).filter((l) => l !== '');
  if (lines[0] !== HEADER) throw new CupsUnavailable('unexpected ipptool output');
  const jobs: CupsJob[] = [];
  for (const line of lines.slice(1)) {
    const [id, user, state, title, kOctets] = parseCsvLine(line);
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0 || user === undefined) throw new CupsUnavailable('unexpected ipptool output');
    jobs.push({ id: n, user, state: state ?? '', title: title ?? '', bytes: Math.max(0, Number(kOctets) || 0) * 1024 });
  }
  return jobs;
}

/** Every job CUPS keeps, of every account. */
export async function listJobs(run: CommandRunner, server: string): Promise<CupsJob[]> {
  const result = await ipptool(run, ['-c', '-T', '10', serverUri(server)], GET_JOBS);
  // An empty job list makes ipptool print only the header; exit 0 in both cases.
  if (result.code !== 0) throw new CupsUnavailable('CUPS did not answer Get-Jobs');
  return parseJobs(result.stdout);
}

/** Purges one job (active or completed). False when CUPS refused or could not be reached. */
export async function purgeJobById(run: CommandRunner, server: string, id: number): Promise<boolean> {
  if (!Number.isInteger(id) || id <= 0) return false;
  const result = await ipptool(run, ['-q', '-T', '10', serverUri(server)], purgeJob(id));
  return result.code === 0;
}
