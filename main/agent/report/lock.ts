/** One flush at a time per state directory (CLI and service may both flush): `<state>/report/flush.lock`. */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, reportDir } from './files.js';

const STALE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function stale(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Date.now() - statSync(file).mtimeMs > STALE_MS || !Number.isSafeInteger(pid) || pid <= 0 || !alive(pid);
  } catch {
    return true;
  }
}

/** Takes the lock, or returns undefined when another live process holds it. */
export function tryLock(stateDir: string): (() => void) | undefined {
  ensurePrivateDir(reportDir(stateDir));
  const file = path.join(reportDir(stateDir), 'flush.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      if (!stale(file)) return undefined;
      rmSync(file, { force: true });
    }
  }
  return undefined;
}
