/**
 * Windows registry hives in a reset. The patron's `NTUSER.DAT` (home root) and `UsrClass.dat`
 * (`AppData\Local\Microsoft\Windows`), with their logs (`.LOG1`, `.LOG2`, `{GUID}.TM.blf`,
 * `….regtrans-ms`), are open without sharing for as long as Windows has the profile loaded; the
 * User Profile Service unloads it some seconds after logoff, later when a program still holds a
 * registry key of the account. A loaded hive can be neither read, renamed nor replaced, and
 * replacing it under the registry would corrupt the profile, so the reset leaves it while it is
 * locked (`E_HIVE_LOADED`, the rest of the home is reset) and the job waits for the unload
 * (`waitForHives`, bounded) before a second pass restores it; still locked after that, the wipe
 * is partial and service/retry.ts runs it again later.
 */
import { closeSync, openSync } from 'node:fs';

/** Whether a baseline-relative path (`/`-separated) is a hive file or one of its logs (case-insensitive). */
export function isHivePath(rel: string): boolean {
  const lower = rel.toLowerCase();
  const cut = lower.lastIndexOf('/');
  if (cut < 0) return lower.startsWith('ntuser.dat');
  return lower.slice(0, cut) === 'appdata/local/microsoft/windows' && lower.slice(cut + 1).startsWith('usrclass.dat');
}

/** The two hive files whose lock says whether the profile is loaded, relative to the home. */
export const HIVE_FILES: readonly (readonly string[])[] = [['NTUSER.DAT'], ['AppData', 'Local', 'Microsoft', 'Windows', 'UsrClass.dat']];

/** Whether an open error means "held open by another program without sharing". */
export function isLockError(code: unknown, platform: NodeJS.Platform = process.platform): boolean {
  if (code === 'EBUSY' || code === 'ETXTBSY') return true;
  // Windows: a sharing violation is EBUSY, but a file open for backup by the registry can answer access denied.
  return platform === 'win32' && (code === 'EPERM' || code === 'EACCES');
}

/** Whether a file is locked, by opening it for reading (and closing it at once). A missing file is not. */
export type LockProbe = (file: string) => boolean;

const lockedByOpen: LockProbe = (file) => {
  try {
    closeSync(openSync(file, 'r'));
    return false;
  } catch (error) {
    return isLockError((error as { code?: unknown } | null)?.code);
  }
};

/** Never locked: platforms without mandatory locks (a `--platform win32` layout on Linux). */
const neverLocked: LockProbe = () => false;

/** This OS's probe: only Windows locks files against reading. */
export const hostLockProbe: LockProbe = process.platform === 'win32' ? lockedByOpen : neverLocked;

export interface HiveWaitOptions {
  /** The longest wait in total (ms). */
  budgetMs: number;
  /** The first pause; each next one doubles, up to `maxStepMs`. */
  firstMs: number;
  maxStepMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  locked: LockProbe;
}

/** One minute in all: the User Profile Service unloads a profile within seconds of logoff unless something holds it. */
export const HIVE_WAIT_DEFAULTS: Omit<HiveWaitOptions, 'locked'> = {
  budgetMs: 60_000,
  firstMs: 250,
  maxStepMs: 8_000,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Waits until none of `files` is locked, pausing 250 ms, 500 ms, 1 s … (at most `maxStepMs`)
 * and never beyond `budgetMs`. True when all are free, false when one was still locked at the end.
 */
export async function waitForHives(
  files: readonly string[],
  options: HiveWaitOptions,
): Promise<{ free: boolean; waitedMs: number; probes: number }> {
  const start = options.now();
  let step = options.firstMs;
  let probes = 0;
  for (;;) {
    probes++;
    if (!files.some((f) => options.locked(f))) return { free: true, waitedMs: Math.round(options.now() - start), probes };
    const left = options.budgetMs - (options.now() - start);
    if (left <= 0) return { free: false, waitedMs: Math.round(options.now() - start), probes };
    await options.sleep(Math.min(step, left));
    step = Math.min(step * 2, options.maxStepMs);
  }
}
