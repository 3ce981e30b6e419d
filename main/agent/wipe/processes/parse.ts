/** Parsers (pure) for what `ps` (macOS) and `tasklist /fo csv` (Windows) print. */
import type { ProcessInfo } from './process-info.js';

/**
 * Parses `ps -axww -o pid=,uid=,comm=,args=` (or with `ppid=` after pid). macOS prints comm padded
 * (and often cut to 16 characters) when it is not the last column, and both comm and args may hold
 * spaces (`Google Chrome Helper (Renderer)`), so the split prefers the point where args repeat comm.
 */
export function parsePsOutput(text: string, opts: { withPpid?: boolean } = {}): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  const head = opts.withPpid ? /^\s*(\d+)\s+(\d+)\s+(\d+) (.*)$/ : /^\s*(\d+)\s+(\d+) (.*)$/;
  for (const line of text.split(/\r?\n/)) {
    const m = head.exec(line);
    if (!m) continue;
    const nums = m.slice(1, opts.withPpid ? 4 : 3).map(Number);
    const rest = (m[opts.withPpid ? 4 : 3] ?? '').replace(/^ +/, '');
    const { comm, args } = splitCommArgs(rest);
    const exe = exeFromArgs(comm, args);
    const p: ProcessInfo = { pid: nums[0] ?? 0, uid: nums[opts.withPpid ? 2 : 1], comm, cmdline: args };
    if (opts.withPpid) p.ppid = nums[1];
    if (exe) {
      p.exe = exe;
      p.argv0 = exe;
    }
    out.push(p);
  }
  return out;
}

function splitCommArgs(rest: string): { comm: string; args: string } {
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] !== ' ' || rest[i - 1] === ' ') continue;
    const comm = rest.slice(0, i);
    const args = rest.slice(i).replace(/^ +/, '');
    if (args && args.startsWith(comm)) return { comm, args };
  }
  const cut = /^(\S.{14}\S) (\S.*)$/.exec(rest) ?? /^(.*?\S) {2,}(\S.*)$/.exec(rest) ?? /^(\S+) ?(.*)$/.exec(rest);
  return { comm: (cut?.[1] ?? rest).trim(), args: (cut?.[2] ?? '').trim() };
}

/** The executable inside args: comm when whole, else the args up to the first ` -` option. */
function exeFromArgs(comm: string, args: string): string | undefined {
  if (!args.startsWith('/')) return comm.startsWith('/') ? comm : undefined;
  if (args === comm || args.startsWith(comm + ' ')) {
    if (comm.length !== 16) return comm;
  }
  const opt = args.search(/ -/);
  return (opt >= 0 ? args.slice(0, opt) : args).trimEnd();
}

/** Splits one CSV line ("a","b ""c""",d). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/**
 * Parses `tasklist [/v] /fo csv /nh`: image name, PID, session name, session #, memory, then with
 * /v status, user name, CPU time, window title. Columns are read by position, so localized
 * Windows (whose values, not positions, change) parse the same; a user without `\` is N/A.
 */
export function parseTasklistCsv(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const cells = parseCsvLine(line);
    const pid = Number(cells[1]);
    if (cells.length < 5 || !Number.isInteger(pid) || !/^\d+$/.test(cells[1] ?? '')) continue;
    const p: ProcessInfo = { pid, comm: cells[0] ?? '' };
    const user = cells[6];
    if (cells.length >= 9 && user && user.includes('\\')) p.user = user;
    out.push(p);
  }
  return out;
}
