/**
 * A snapshot of every entry of a tree by lstat: type, content hash (links: their target), owner,
 * mode and inode. Equal snapshots: nothing in the tree was removed, replaced, moved, chmod'ed or
 * chown'ed. For the "nothing outside the roots changed" assertions of the security tests.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export function identitySnapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    const st = lstatSync(p);
    const id = `${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)} ino ${st.ino}`;
    if (st.isSymbolicLink()) out.set(p, `link ${readlinkSync(p)} ${id}`);
    else if (st.isDirectory()) {
      out.set(p, `dir ${id}`);
      for (const name of readdirSync(p)) walk(path.join(p, name));
    } else if (st.isFile()) out.set(p, `file ${st.size} ${createHash('sha256').update(readFileSync(p)).digest('hex')} ${id}`);
    else out.set(p, `other ${id}`);
  };
  walk(dir);
  return out;
}

/** The entries that differ between two snapshots (missing, added or changed), for assertion messages. */
export function snapshotDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const diff: string[] = [];
  for (const [p, v] of before) if (after.get(p) !== v) diff.push(after.has(p) ? `changed ${p}` : `missing ${p}`);
  for (const p of after.keys()) if (!before.has(p)) diff.push(`added ${p}`);
  return diff;
}
