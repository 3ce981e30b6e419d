/**
 * Print logs that name a patron's documents are scrubbed of that patron's entries, in place.
 *
 * Why scrub rather than turn the logging off in the installer: the page log is the library's
 * print accounting (pages per queue and day; some libraries charge per page), cups-pdf's and
 * the scheduler's logs are what IT reads when printing breaks, and a PC may hold entries
 * written before Tabula was installed. Scrubbing keeps every other line and removes exactly the
 * lines that name this patron: their account name, their home folder, the title of one of their
 * jobs, or `[Job N]` of one of their job ids. cups-pdf writes multi-line records (a title may
 * hold a newline) and one run per job: a run that names the patron anywhere goes whole, since
 * its other lines carry the title in cups-pdf's mangled form (`resume-MARKER__PDF-job_1`).
 *
 * Files are rewritten in place (same inode, truncated and written back), because cupsd and
 * cups-pdf keep or reopen them with O_APPEND: a rename would make cupsd write into a deleted
 * file. A file is only touched when it is a root-owned regular file with one link, opened
 * without following links, at most 64 MiB.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export interface PatronMarks {
  user: string;
  home: string;
  titles: readonly string[];
  jobIds: readonly number[];
}

export type ScrubResult = { removed: number } | { error: 'E_PERM' | 'E_IO' } | { absent: true };

const MAX_LOG = 64 * 1024 * 1024;
const NAME_CHAR = /[A-Za-z0-9_.@$-]/;

/** The account name as a whole word (not inside another name). */
function hasWord(line: string, word: string): boolean {
  if (word === '') return false;
  for (let at = line.indexOf(word); at !== -1; at = line.indexOf(word, at + 1)) {
    const before = at === 0 ? '' : (line[at - 1] as string);
    const after = line[at + word.length] ?? '';
    // A trailing '.' ends a sentence ("by \"patron\"."); a '.' inside continues a name.
    const afterIsName = after !== '' && NAME_CHAR.test(after) && !(after === '.' && !NAME_CHAR.test(line[at + word.length + 1] ?? ''));
    if (!(before !== '' && NAME_CHAR.test(before)) && !afterIsName) return true;
  }
  return false;
}

/** Marks in the byte-for-byte (latin1) form logs are read in, so UTF-8 names and titles match. */
export function asLatin1(marks: PatronMarks): PatronMarks {
  const l1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  return { user: l1(marks.user), home: l1(marks.home), titles: marks.titles.map(l1), jobIds: marks.jobIds };
}

export function namesPatron(text: string, marks: PatronMarks): boolean {
  if (hasWord(text, marks.user)) return true;
  if (marks.home.length > 1 && (text.includes(marks.home + '/') || hasWord(text, marks.home))) return true;
  if (marks.titles.some((t) => t.trim().length >= 3 && text.includes(t.trim()))) return true;
  return marks.jobIds.some((id) => text.includes(`[Job ${id}]`));
}

/** Scheduler logs (page_log, error_log): one entry per line. */
export function scrubLines(text: string, marks: PatronMarks): { text: string; removed: number } {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !namesPatron(line, marks));
  return { text: kept.join('\n'), removed: lines.length - kept.length };
}

const RECORD_START = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} {2}\[/;

/** cups-pdf logs: timestamped records with continuation lines, grouped into one run per job. */
export function scrubCupsPdf(text: string, marks: PatronMarks): { text: string; removed: number } {
  const records: string[] = [];
  for (const line of text.split('\n')) {
    if (records.length === 0 || RECORD_START.test(line)) records.push(line);
    else records[records.length - 1] += '\n' + line;
  }
  // With debug logging each run opens with its configuration dump (or "initialization finished").
  const runStart = [/\[DEBUG\] \*\*\* Final Configuration \*\*\*/, /\[DEBUG\] initialization finished/].find((re) =>
    records.some((r) => re.test(r)),
  );
  let removed = 0;
  const kept: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0 && runStart && runStart.test(run[0] as string)) {
      if (run.some((r) => namesPatron(r, marks))) removed += run.length;
      else kept.push(...run);
    } else {
      // No run boundary known (no debug logging, or lines before the first run): record by record.
      for (const r of run)
        if (namesPatron(r, marks)) removed++;
        else kept.push(r);
    }
    run = [];
  };
  for (const record of records) {
    if (runStart?.test(record)) flush();
    run.push(record);
  }
  flush();
  return { text: kept.join('\n'), removed };
}

/** Rewrites one log in place with `scrub` (a dry run only counts); the file's other entries stay. */
export function scrubFile(file: string, scrub: (text: string) => { text: string; removed: number }, dryRun = false): ScrubResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { absent: true };
    return { error: code === 'EACCES' || code === 'EPERM' ? 'E_PERM' : 'E_IO' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || st.nlink !== 1 || st.size > MAX_LOG) return { error: 'E_IO' };
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const { text, removed } = scrub(buf.subarray(0, got).toString('latin1'));
    if (removed === 0 || dryRun) return { removed };
    const out = Buffer.from(text, 'latin1');
    ftruncateSync(fd, 0);
    writeSync(fd, out, 0, out.length, 0);
    return { removed };
  } catch {
    return { error: 'E_IO' };
  } finally {
    closeSync(fd);
  }
}
