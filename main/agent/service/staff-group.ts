/** The numeric id of the configured staff group (owner group of the privileged socket). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `getent group NAME` line → gid. */
export function parseGetentGroup(text: string, name: string): number | undefined {
  for (const line of text.split(/\r?\n/)) {
    const [group, , gid] = line.split(':');
    if (group === name && gid && /^\d+$/.test(gid)) return Number(gid);
  }
  return undefined;
}

export async function staffGroupId(name: string | undefined, platform: NodeJS.Platform = process.platform): Promise<number | undefined> {
  if (!name || platform === 'win32') return undefined;
  try {
    if (platform === 'darwin') {
      const { stdout } = await run('dscl', ['.', '-read', `/Groups/${name}`, 'PrimaryGroupID'], { encoding: 'utf8' });
      const m = /PrimaryGroupID:\s*(\d+)/.exec(stdout);
      return m ? Number(m[1]) : undefined;
    }
    const { stdout } = await run('getent', ['group', '--', name], { encoding: 'utf8' });
    return parseGetentGroup(stdout, name);
  } catch {
    return undefined;
  }
}
