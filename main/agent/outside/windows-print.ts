/**
 * The Windows spooler through its own interface, PowerShell's PrintManagement module: every job of
 * every printer (`Get-PrintJob`, which also lists the printed jobs a "keep printed documents"
 * queue retains) with its owner, and `Remove-PrintJob` for the patron's; the spooler deletes their
 * `.SPL`/`.SHD` files in `%SystemRoot%\System32\spool\PRINTERS` itself. Scripts are passed with
 * -EncodedCommand; only printer names (IT's) and job ids are put into them, single-quoted.
 */
import type { CommandRunner } from '../base/run-command.js';

export interface WindowsJob {
  printer: string;
  id: number;
  user: string;
  bytes: number;
}

export class WindowsSpoolerUnavailable extends Error {}

const POWERSHELL = 'powershell.exe';

export const LIST_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'Import-Module PrintManagement',
  '$jobs = @(Get-Printer | ForEach-Object { Get-PrintJob -PrinterObject $_ })',
  'ConvertTo-Json -Compress -InputObject @($jobs | ForEach-Object { [pscustomobject]@{ printer = $_.PrinterName; id = $_.Id; user = $_.UserName; size = $_.Size } })',
].join('\n');

/** A PowerShell single-quoted literal (PowerShell also reads the typographic quotes as quotes). */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

export function removeScript(jobs: readonly WindowsJob[]): string {
  const wanted = jobs.map((j) => psQuote(`${j.printer}|${j.id}`)).join(', ');
  return [
    "$ErrorActionPreference = 'Stop'",
    'Import-Module PrintManagement',
    `$want = @(${wanted})`,
    "Get-Printer | ForEach-Object { Get-PrintJob -PrinterObject $_ } | Where-Object { $want -contains ($_.PrinterName + '|' + $_.Id) } | Remove-PrintJob",
  ].join('\n');
}

export function encodedArgs(script: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

/** The list script's output: one object, an array of them, or nothing (no jobs). */
export function parseWindowsJobs(stdout: string): WindowsJob[] {
  const text = stdout.trim();
  if (text === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WindowsSpoolerUnavailable('unexpected output');
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((raw) => {
    const o = raw as Record<string, unknown>;
    const id = Number(o.id);
    if (typeof o.printer !== 'string' || !Number.isInteger(id) || typeof o.user !== 'string') {
      throw new WindowsSpoolerUnavailable('unexpected output');
    }
    // UserName is the bare account name; a DOMAIN\name form is compared by its name.
    const user = o.user.includes('\\') ? o.user.slice(o.user.lastIndexOf('\\') + 1) : o.user;
    return { printer: o.printer, id, user, bytes: Math.max(0, Number(o.size) || 0) };
  });
}

export async function listWindowsJobs(run: CommandRunner): Promise<WindowsJob[]> {
  const result = await run(POWERSHELL, encodedArgs(LIST_SCRIPT));
  if (result.code !== 0) throw new WindowsSpoolerUnavailable('the spooler did not answer');
  return parseWindowsJobs(result.stdout);
}

/** Removes the jobs; returns how many of them are still listed afterwards. */
export async function removeWindowsJobs(run: CommandRunner, jobs: readonly WindowsJob[]): Promise<number> {
  await run(POWERSHELL, encodedArgs(removeScript(jobs)));
  const after = await listWindowsJobs(run);
  return jobs.filter((j) => after.some((a) => a.printer === j.printer && a.id === j.id)).length;
}
