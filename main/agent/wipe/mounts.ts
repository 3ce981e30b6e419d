/** Mount points, so that no plan item ever contains another filesystem. */
import { readFileSync } from 'node:fs';

/** Decodes the octal escapes (`\040` for a space) that mountinfo uses in paths. */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/self/mountinfo: field 5 is the mount point. */
export function parseMountinfo(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p)
    .map(unescapeMountPath);
}

export function mountPoints(): string[] {
  try {
    return parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return [];
  }
}
