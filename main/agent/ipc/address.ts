/**
 * Where the local channel listens, derived from the state directory so private agents (tests)
 * run side by side. Two endpoints:
 *   privileged  <stateDir>/agent.sock           mode 0660, owner root, group = staffGroup
 *   patron      <stateDir>/agent-public.sock    mode 0666 (status, idle ticks, session hints, PIN unlock)
 * On Windows: \\.\pipe\tabula-<hash of stateDir> and \\.\pipe\tabula-<hash>-public.
 * (their DACLs: the default one for the privileged pipe, everyone for the patron one — listen-options.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** node:crypto (some twenty built-in modules) only for the Windows pipe name: the PAM hook on Linux never loads it. */
const sha256 = (text: string): string =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(text).digest('hex');

export interface IpcAddresses {
  privileged: string;
  patron: string;
}

export function ipcAddresses(stateDir: string, platform: NodeJS.Platform = process.platform): IpcAddresses {
  if (platform === 'win32') {
    const hash = sha256(path.win32.resolve(stateDir).toLowerCase()).slice(0, 16);
    return { privileged: `\\\\.\\pipe\\tabula-${hash}`, patron: `\\\\.\\pipe\\tabula-${hash}-public` };
  }
  const dir = path.resolve(stateDir);
  return { privileged: path.join(dir, 'agent.sock'), patron: path.join(dir, 'agent-public.sock') };
}
