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

interface IppRequest {
  name: string;
  operation: string;
  /** Operation attributes after the printer URI (its target, such as `job-id`), before the requester. */
  target?: string[];
  /** Operation attributes after the requester. */
  attributes: string[];
  /** Status codes that count as success. */
  status: string[];
  /** Attributes printed back, as CSV (`-c`); without, ipptool is quiet (`-q`). */
  display?: string[];
}

/** The ipptool test file of one request, sent to `$uri` as root. */
function ippTest(request: IppRequest): string {
  const lines = [
    `NAME "${request.name}"`,
    `OPERATION ${request.operation}`,
    'GROUP operation-attributes-tag',
    'ATTR charset attributes-charset utf-8',
    'ATTR naturalLanguage attributes-natural-language en',
    'ATTR uri printer-uri $uri',
    ...(request.target ?? []),
    'ATTR name requesting-user-name root',
    ...request.attributes,
    ...request.status.map((s) => `STATUS ${s}`),
    ...(request.display ?? []).map((d) => `DISPLAY ${d}`),
  ];
  return `{\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;
}

/**
 * Sends one request to the CUPS server with ipptool (10 s timeout). Its test file goes to a fresh
 * owner-only folder, removed afterwards.
 */
async function runIpptool(run: CommandRunner, server: string, request: IppRequest): Promise<CommandResult> {
  const uri = serverUri(server);
  const dir = mkdtempSync(path.join(tmpdir(), 'tabula-ipp-'));
  try {
    const file = path.join(dir, 'request.test');
    writeFileSync(file, ippTest(request), { mode: 0o600, flag: 'wx' });
    return await run('ipptool', [request.display ? '-c' : '-q', '-T', '10', uri, file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const JOB_ATTRIBUTES = ['job-id', 'job-originating-user-name', 'job-state', 'job-name', 'job-k-octets'];
const HEADER = JOB_ATTRIBUTES.join(',');

const GET_JOBS: IppRequest = {
  name: 'Get-Jobs',
  operation: 'Get-Jobs',
  attributes: ['ATTR keyword which-jobs all', `ATTR keyword requested-attributes ${HEADER}`],
  status: ['successful-ok'],
  display: JOB_ATTRIBUTES,
};

const purgeJob = (id: number): IppRequest => ({
  name: 'Cancel-Job purge-job',
  operation: 'Cancel-Job',
  target: [`ATTR integer job-id ${id}`],
  attributes: ['ATTR boolean purge-job true'],
  status: ['successful-ok', 'client-error-not-found'],
});

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
        if (line[i] === '\\' && i + 1 < line.length) {
          value += line[i + 1];
          i += 2;
          continue;
        }
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        if (line[i] === '"') {
          i++;
          break;
        }
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
  const result = await runIpptool(run, server, GET_JOBS);
  // An empty job list makes ipptool print only the header; exit 0 in both cases.
  if (result.code !== 0) throw new CupsUnavailable('CUPS did not answer Get-Jobs');
  return parseJobs(result.stdout);
}

/** Purges one job (active or completed). False when CUPS refused or could not be reached. */
export async function purgeJobById(run: CommandRunner, server: string, id: number): Promise<boolean> {
  if (!Number.isInteger(id) || id <= 0) return false;
  const result = await runIpptool(run, server, purgeJob(id));
  return result.code === 0;
}
