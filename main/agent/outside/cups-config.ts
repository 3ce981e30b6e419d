/**
 * Where a CUPS installation keeps what names a patron's documents: the spool (`RequestRoot`,
 * `c…`/`d…` files), the scheduler's logs (`PageLog`, `ErrorLog`: job titles and owners), and
 * cups-pdf's logs (`Log` folder of `/etc/cups/cups-pdf*.conf`, one `cups-pdf-<queue>_log` per
 * queue). Read from the configuration files IT controls (root-owned, in the CUPS server root);
 * CUPS's compiled-in defaults when a directive is absent.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CupsLayout {
  /** The spool folder holding c<id> and d<id>-<n> files. */
  spool: string;
  /** Scheduler logs that name jobs (page log, error log) and their uncompressed rotations. */
  schedulerLogs: string[];
  /** Folders of cups-pdf's logs. */
  cupsPdfLogDirs: string[];
}

/** Server root and cups-pdf configuration folder (both /etc/cups on Linux and macOS). */
export interface CupsPaths {
  serverRoot: string;
  cupsPdfConfDir: string;
}

const MAX_CONF = 1024 * 1024;

/** A root-owned regular file's text, or undefined (absent, a link, too big, owned by someone else). */
function readConf(file: string): string | undefined {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.uid !== 0 || st.size > MAX_CONF) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `Directive value` lines (comments and blank lines dropped); the last occurrence wins. */
export function directives(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('<')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m) found.set((m[1] as string).toLowerCase(), (m[2] as string).trim());
  }
  return found;
}

/** A log directive's file, or undefined for `syslog`, `stderr` and non-absolute values. */
function logFile(value: string | undefined, fallback: string): string | undefined {
  const v = value ?? fallback;
  if (!v.startsWith('/')) return undefined;
  // CUPS expands %s to "access", "error" or "page" (e.g. /var/log/cups/%s_log).
  return v;
}

export function cupsLayout(paths: CupsPaths): CupsLayout {
  const files = directives(readConf(path.join(paths.serverRoot, 'cups-files.conf')) ?? '');
  const spool = files.get('requestroot') ?? '/var/spool/cups';
  const schedulerLogs: string[] = [];
  for (const [key, kind, fallback] of [
    ['pagelog', 'page', '/var/log/cups/page_log'],
    ['errorlog', 'error', '/var/log/cups/error_log'],
  ] as const) {
    const file = logFile(files.get(key)?.replace('%s', kind), fallback);
    if (file) schedulerLogs.push(file, `${file}.1`, `${file}.O`);
  }
  const cupsPdfLogDirs = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(paths.cupsPdfConfDir).filter((n) => /^cups-pdf(-[^/]+)?\.conf$/.test(n));
  } catch {
    // no cups-pdf
  }
  for (const name of names) {
    const text = readConf(path.join(paths.cupsPdfConfDir, name));
    if (text === undefined) continue;
    const dir = directives(text).get('log') ?? '/var/log/cups';
    if (dir.startsWith('/')) cupsPdfLogDirs.add(dir);
  }
  return { spool, schedulerLogs, cupsPdfLogDirs: [...cupsPdfLogDirs] };
}

/** Is CUPS installed here at all (a server root with a scheduler configuration)? */
export function cupsInstalled(paths: CupsPaths): boolean {
  return ['cupsd.conf', 'cups-files.conf'].some((name) => {
    try {
      return lstatSync(path.join(paths.serverRoot, name)).isFile();
    } catch {
      return false;
    }
  });
}

/** The job files in the spool: `c00012` → 12, `d00012-001` → 12. Throws when unreadable. */
export function spoolJobIds(spool: string): Map<number, string[]> {
  const ids = new Map<number, string[]>();
  for (const name of readdirSync(spool)) {
    const m = /^[cd](\d{5,})(-\d+)?$/.exec(name);
    if (!m) continue;
    const id = Number(m[1]);
    ids.set(id, [...(ids.get(id) ?? []), name]);
  }
  return ids;
}
