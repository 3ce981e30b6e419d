/**
 * What a patron does in the system tests (bash run by `su -l` inside the container) and the root
 * checks of what is left. Every trace carries the suite's marker, in file contents and names.
 */
import type { Container } from './container.js';

export const CUPS_QUEUE = 'tdbpdf';

const chromium = (url: string) => `chromium --headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync \
--disable-background-networking --disable-component-update --user-data-dir="$HOME/.config/chromium" \
--host-resolver-rules='MAP *.test 127.0.0.1' ${url}`;

export interface PatronPlan {
  marker: string;
  /** Marker server origin pages (visited with real headless Chromium). */
  pages: string[];
  /** Print a marker document with lp (and wait until CUPS is done with it). */
  print?: boolean;
  /** Folders × files of marker-named files under ~/Downloads (a wipe that takes a while). */
  bulk?: { dirs: number; files: number };
  /** Leave a headless Chromium and a plain process running after logout (linger). */
  linger?: boolean;
}

/** The patron's session: browse, download, save, temp files, print; prints `planted=N`. */
export function patronScript(p: PatronPlan): string {
  const m = p.marker;
  const lines = [
    'set -u',
    `M=${m}`,
    ...p.pages.map((u) => `${chromium(`--dump-dom '${u}'`)} >/dev/null 2>&1`),
    'mkdir -p ~/Downloads ~/Documents ~/Desktop',
    'echo "$M" > ~/Downloads/"$M"-download.txt; echo "$M" > ~/Documents/"$M"-letter.txt; echo "$M" > ~/Desktop/"$M".txt',
    'echo "$M" > /tmp/"$M"-tmp.txt; echo "$M" > /var/tmp/"$M"-vtmp.txt; echo "$M" > /dev/shm/"$M"-shm',
  ];
  if (p.print) {
    lines.push(
      'echo "print $M" > /tmp/"$M"-print.txt',
      `lp -d ${CUPS_QUEUE} -t "$M-job" /tmp/"$M"-print.txt >/dev/null`,
      `for i in $(seq 100); do [ -z "$(lpstat -o ${CUPS_QUEUE} 2>/dev/null)" ] && break; sleep 0.1; done`,
    );
  }
  if (p.bulk) {
    lines.push(
      `for d in $(seq ${p.bulk.dirs}); do mkdir -p ~/Downloads/"$M"-bulk/$d && (cd ~/Downloads/"$M"-bulk/$d && touch "$M"-{1..${p.bulk.files}}); done`,
    );
  }
  if (p.linger) {
    lines.push(
      `setsid nohup ${chromium(`--remote-debugging-port=0 '${p.pages[0]}'`)} >/dev/null 2>&1 < /dev/null &`,
      'setsid nohup sleep 600 >/dev/null 2>&1 < /dev/null &',
      'for i in $(seq 100); do pgrep -u "$(id -u)" -x chromium >/dev/null && break; sleep 0.1; done',
      'sleep 1',
    );
  }
  lines.push(
    `echo "planted=$( { grep -rl --binary-files=text -- "$M" ~ /tmp /var/tmp /dev/shm 2>/dev/null; find ~ /tmp /var/tmp /dev/shm -name "*$M*" 2>/dev/null; } | sort -u | wc -l)"`,
  );
  return lines.join('\n');
}

export function plantedCount(out: string): number {
  const m = /planted=(\d+)/.exec(out);
  return m ? Number(m[1]) : -1;
}

/** Paths (inside the container) that still hold or are named after the marker. */
export function leftovers(c: Container, marker: string, dirs: string[]): string[] {
  const list = dirs.join(' ');
  const r = c.sh(
    `{ grep -rl --binary-files=text -- '${marker}' ${list} 2>/dev/null; find ${list} -xdev -name '*${marker}*' 2>/dev/null; } | sort -u`,
  );
  return r.out.split('\n').filter(Boolean);
}

export interface AgentStatus {
  ready: boolean;
  journal: { dirty: number; clean: number } | null;
  current: unknown;
  queued: number;
  last: { trigger: string; outcome: string; items: number; totalMs?: number; safeMs?: number }[];
  report: { enrolled: boolean; delivered: number; queued: number };
}

export function agentStatus(c: Container): AgentStatus | undefined {
  const r = c.exec(['/usr/lib/tabula/tabula', 'status', '--json']);
  try {
    return JSON.parse(r.out) as AgentStatus;
  } catch {
    return undefined;
  }
}

/** Clean: no marker under `dirs` and the agent's journal has no dirty account, nothing running or queued. */
export function verifiedClean(c: Container, marker: string, dirs: string[]): boolean {
  const s = agentStatus(c);
  if (!s?.ready || s.journal?.dirty !== 0 || s.current || s.queued > 0) return false;
  return leftovers(c, marker, dirs).length === 0;
}

export function homeAndTemp(account: string): string[] {
  return [`/home/${account}`, '/tmp', '/var/tmp', '/dev/shm'];
}

export function mainPid(c: Container): number {
  return Number(c.exec(['systemctl', 'show', '-p', 'MainPID', '--value', 'tabula-agent.service']).out.trim());
}
