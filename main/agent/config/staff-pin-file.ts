/**
 * The staff PIN hash in the machine configuration file (`tabula staff set-pin`), and the check that
 * nobody but root/SYSTEM can read it: with the hash, a 4-digit PIN is found offline in minutes,
 * and the agent's lockout never sees those guesses.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCommand, type CommandRunner } from '../base/run-command.js';
import { writeFileAtomic } from '../base/atomic-file.js';
import { systemOnlyAclArgs } from '../wipe/fs/windows-acl.js';
import { ConfigError, parseConfigText, type LoadedConfig } from './load.js';

/**
 * Sets `staffPinHash` in `file`, keeping every other field as it is; a new file is created. The
 * result is written atomically, readable by its owner only. A file that is not a valid
 * configuration is left untouched (ConfigError with its problems).
 */
export async function writeStaffPinHash(
  file: string,
  hash: string,
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = runCommand,
): Promise<void> {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT') throw new ConfigError([`${file}: cannot be read (${code ?? 'error'}); the PIN was not set`]);
  }
  let layer: Record<string, unknown> = {};
  if (text !== undefined) {
    const { value, problems } = parseConfigText(text, file);
    if (!value) throw new ConfigError([...problems, `${file}: fix the file first; it was not changed and the PIN was not set`]);
    layer = value as Record<string, unknown>;
  }
  layer.staffPinHash = hash;
  const out = `${JSON.stringify(layer, null, 2)}\n`;
  const { problems } = parseConfigText(out, file);
  if (problems.length > 0) throw new ConfigError(problems);
  // A new folder as the installer makes it: notice.json beside the file is read by every user.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  writeFileAtomic(file, out, { mode: 0o600 });
  if (platform === 'win32') {
    // Not the folder's inherited Users: read.
    const result = await run('icacls.exe', systemOnlyAclArgs(file, false));
    if (result.code !== 0)
      throw new ConfigError([
        `${file}: the PIN was set, but its access could not be limited to SYSTEM and Administrators (icacls exit ${result.code}); run: icacls "${file}" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F`,
      ]);
  }
}

/**
 * A warning when the PIN hash can be read by every user: a group- or world-readable file on
 * Linux/macOS, or an OS policy (the registry's Policies key and managed preferences are readable
 * by all users). Undefined when there is no PIN or it is kept well.
 */
export function pinHashWarning(loaded: LoadedConfig, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!loaded.config.staffPinHash) return undefined;
  const source = loaded.origin.get('/staffPinHash');
  if (source === undefined) return undefined;
  if (source !== loaded.file) {
    return `${source}: /staffPinHash: the OS policy is readable by every user, who could then guess the PIN offline; set it with \`tabula staff set-pin\` in the machine file instead`;
  }
  if (platform === 'win32') return undefined;
  try {
    if ((statSync(source).mode & 0o044) !== 0) {
      return `${source}: /staffPinHash: the file is readable by other users, who could then guess the PIN offline; run: chmod 600 '${source}'`;
    }
  } catch {
    // unreadable now: loadLayeredConfig reports it
  }
  return undefined;
}
