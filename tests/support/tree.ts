/** Small helpers to lay out and read back file trees in temp folders. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, lstatSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'tabula-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes `files` (relative path → content) under `base`, creating folders. A trailing `/` makes a folder. */
export function layout(base: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(base, ...rel.split('/'));
    if (rel.endsWith('/')) {
      mkdirSync(p, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** Every path below `base` (relative, `/`-separated, folders with a trailing `/`), by lstat. */
export function listTree(base: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out.push(`${r}/`);
        visit(p, r);
      } else out.push(r);
    }
  };
  visit(base, '');
  return out;
}

/**
 * Every entry under the dirs by absolute path: type, size and a content hash (links: their target
 * text); with `times`, folder and file modification times too. Equal snapshots: nothing changed.
 */
export function snapshotTree(dirs: string[], options: { times?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const time = (ms: number) => (options.times ? ` ${ms}` : '');
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.set(p, `link ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(p, `dir${time(st.mtimeMs)}`);
      for (const e of readdirSync(p)) walk(path.join(p, e));
    } else out.set(p, `file ${st.size}${time(st.mtimeMs)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  };
  for (const d of dirs) walk(d);
  return out;
}

export function removeTree(p: string): void {
  rmSync(p, { recursive: true, force: true });
}
