/** Lists the processes of this computer: /proc on Linux, `ps` on macOS, `tasklist` on Windows. */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { open, readFile, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Platform } from '../../catalog/schema.js';
import { parsePsOutput, parseTasklistCsv } from './parse.js';
import type { ProcessInfo } from './process-info.js';

export const run = promisify(execFile);

/** The most of a process's environment read: its owner (a patron) decides how large it is. */
export const ENVIRON_LIMIT = 256 * 1024;
const CHUNK = 16 * 1024;

/**
 * The first `limit` bytes of a NUL-separated /proc file, read in small chunks (most environments
 * are a few KiB, and hundreds are read at once). Cut at the limit, the last, partial entry is dropped.
 */
export async function readNulListHead(file: string, limit: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    while (length < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, length).toString('utf8');
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    const head = Buffer.concat(chunks, length);
    return head.toString('utf8', 0, head.lastIndexOf(0) + 1);
  } finally {
    await handle.close();
  }
}

/**
 * One process from /proc. With `onlyUid`, a process of another owner is read from its `status`
 * alone (uid, parent, name): nothing else of it is ever looked at, and on a PC with a few hundred
 * processes that saves four reads each.
 */
async function readLinuxProcess(pid: number, onlyUid?: number): Promise<ProcessInfo | undefined> {
  const dir = `/proc/${pid}`;
  let status: string;
  try {
    // Read at once: a few hundred small kernel-made files (never a disk read) cost far less this way
    // than as many round trips through the thread pool, and the wipe waits for this list.
    status = readFileSync(`${dir}/status`, 'utf8');
  } catch {
    return undefined;
  }
  if (/^State:\s+Z/m.test(status)) return undefined; // zombies hold nothing and cannot be signalled away
  const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
  const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1];
  const p: ProcessInfo = { pid, comm: '' };
  if (uid !== undefined) p.uid = Number(uid);
  if (ppid !== undefined) p.ppid = Number(ppid);
  if (onlyUid !== undefined && p.uid !== onlyUid) {
    p.comm = /^Name:\t(.*)$/m.exec(status)?.[1] ?? '';
    return p;
  }
  const [comm, exe, cmdline, environ, stat] = await Promise.all([
    readFile(`${dir}/comm`, 'utf8').catch(() => ''),
    readlink(`${dir}/exe`).catch(() => undefined),
    readFile(`${dir}/cmdline`, 'utf8').catch(() => ''),
    readNulListHead(`${dir}/environ`, ENVIRON_LIMIT).catch(() => ''),
    readFile(`${dir}/stat`, 'utf8').catch(() => ''),
  ]);
  p.comm = comm.replace(/\n$/, '');
  if (exe) p.exe = exe.replace(/ \(deleted\)$/, '');
  const argv = cmdline.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  if (argv[0]) p.argv0 = argv[0];
  if (argv.length) p.cmdline = argv.join(' ');
  const home = environ.split('\0').find((v) => v.startsWith('HOME='));
  if (home) p.home = home.slice(5);
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  if (start) p.start = start;
  return p;
}

async function runWindows(command: string): Promise<string> {
  // chcp 65001: tasklist prints in the OEM code page otherwise, which garbles non-ASCII names.
  const { stdout } = await run('cmd.exe', ['/d', '/s', '/c', `chcp 65001 >nul & ${command}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
  });
  return stdout;
}

/**
 * Lists the processes of this computer. `verbose: false` skips user names on Windows (fast);
 * `uid` (Linux): processes of other owners carry only pid, uid, ppid and name.
 */
export async function listProcesses(platform: Platform, opts: { verbose?: boolean; uid?: number } = {}): Promise<ProcessInfo[]> {
  if (platform === 'linux') {
    const pids = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
    const all = await Promise.all(pids.map((pid) => readLinuxProcess(pid, opts.uid)));
    return all.filter((p): p is ProcessInfo => p !== undefined);
  }
  if (platform === 'darwin') {
    const { stdout } = await run('ps', ['-axww', '-o', 'pid=,ppid=,uid=,comm=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return parsePsOutput(stdout, { withPpid: true });
  }
  return parseTasklistCsv(await runWindows(opts.verbose === false ? 'tasklist /fo csv /nh' : 'tasklist /v /fo csv /nh'));
}
