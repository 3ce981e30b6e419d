/** Mount points, so that no plan item ever contains another filesystem. */
import { readFileSync } from 'node:fs';

/**
 * Decodes the octal escapes (`\040` for a space) that mountinfo uses in paths. The text is read
 * as latin1 (one char per byte), so the decoded bytes are turned back into UTF-8 like the
 * planner's paths (a name that is not UTF-8 compares in its U+FFFD form, on both sides).
 */
function unescapeMountPath(p: string): string {
  const bytes = p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
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
    return parseMountinfo(readFileSync('/proc/self/mountinfo', 'latin1'));
  } catch {
    return [];
  }
}
