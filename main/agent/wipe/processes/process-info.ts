/**
 * What the agent knows of one running process. Everything here stays in memory: results are
 * counts, and errors carry no path, user or process name (docs/security.md).
 */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  /** Real uid (POSIX). */
  uid?: number;
  /** `DOMAIN\user` (Windows); absent when the system prints N/A or a localized equivalent. */
  user?: string;
  /** Linux comm (≤ 15 chars), macOS comm, Windows image name. */
  comm: string;
  /** Executable path (Linux /proc/<pid>/exe without " (deleted)"; macOS derived from args). */
  exe?: string;
  argv0?: string;
  /** Arguments joined by spaces. Stays in memory, never logged. */
  cmdline?: string;
  /** HOME from the process environment (Linux, when readable). */
  home?: string;
  /** Identity against pid reuse (Linux starttime). */
  start?: string;
}
