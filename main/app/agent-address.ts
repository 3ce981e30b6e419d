/**
 * The agent's patron endpoint, derived from its state directory exactly as the agent does
 * (main/agent/ipc/address.ts; the app may not import it, a unit test keeps the two equal).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export function defaultStateDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Tabula', 'state');
  if (platform === 'darwin') return '/Library/Application Support/Tabula/state';
  return '/var/lib/tabula';
}

export function patronEndpoint(stateDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const hash = createHash('sha256').update(path.win32.resolve(stateDir).toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\tabula-${hash}-public`;
  }
  return path.join(path.resolve(stateDir), 'agent-public.sock');
}

/**
 * The account token file of `uid` (Linux, macOS), as the agent writes it (main/agent/ipc/account-tokens.ts):
 * readable only by that uid; account-scoped requests carry its content. None on Windows.
 */
export function accountTokenFile(stateDir: string, uid: number): string {
  return path.join(path.resolve(stateDir), 'patron-tokens', String(uid));
}

/** notice.json lives beside the agent's config.json (readable by every user; no secret in it). */
export function noticeFile(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Tabula', 'notice.json');
  if (platform === 'darwin') return '/Library/Application Support/Tabula/notice.json';
  return '/etc/tabula/notice.json';
}
