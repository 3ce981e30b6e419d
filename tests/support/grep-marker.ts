/**
 * `grep -r` for a marker, safe for test homes: walks with lstat (never follows a link), reads every
 * regular file as bytes and reports files whose name or content holds the marker (as UTF-8, as
 * UTF-16LE, and lower-cased). Symlinks whose own name or target text holds the marker count too.
 * Paths are reported relative to the directory they were found under, prefixed by its index when
 * more than one directory is searched.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

function needles(marker: string): Buffer[] {
  const forms = new Set([marker, marker.toLowerCase(), marker.toUpperCase()]);
  const out: Buffer[] = [];
  for (const f of forms) {
    out.push(Buffer.from(f, 'utf8'), Buffer.from(f, 'utf16le'));
  }
  return out;
}

export function containsMarker(data: Buffer, marker: string): boolean {
  return needles(marker).some((n) => data.includes(n));
}

export interface MarkerHit {
  /** Absolute path of the file. */
  readonly path: string;
  readonly inName: boolean;
  readonly inContent: boolean;
}

export interface FindMarkerOptions {
  /** Absolute paths not to descend into (e.g. the test's own base when scanning /tmp). */
  readonly exclude?: readonly string[];
  /** Files larger than this are checked by name only (default: no limit). */
  readonly maxFileBytes?: number;
}

/** Every file under `dirs` whose name or content holds the marker, with absolute paths. */
export function findMarkerHits(dirs: string[], marker: string, options: FindMarkerOptions = {}): MarkerHit[] {
  const hits: MarkerHit[] = [];
  const exclude = new Set(options.exclude ?? []);
  const maxBytes = options.maxFileBytes ?? Infinity;
  const lower = marker.toLowerCase();
  // Never into another filesystem below a searched folder (a procfs left mounted in a cached
  // rootfs under /var/cache, a bind mount): those are not where Tabula leaves or finds traces.
  let device = -1;
  const walk = (path: string, name: string): void => {
    if (exclude.has(path)) return;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return; // vanished while walking
    }
    const inName = name.toLowerCase().includes(lower);
    if (st.isSymbolicLink()) {
      let target = '';
      try {
        target = readlinkSync(path);
      } catch {
        /* ignore */
      }
      if (inName || target.toLowerCase().includes(lower)) hits.push({ path, inName, inContent: false });
      return;
    }
    if (st.isDirectory()) {
      if (inName) hits.push({ path, inName, inContent: false });
      if (st.dev !== device) return;
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      for (const e of entries.sort()) walk(join(path, e), e);
      return;
    }
    if (st.isFile()) {
      let inContent = false;
      try {
        if (st.size <= maxBytes) inContent = containsMarker(readFileSync(path), marker);
      } catch {
        /* unreadable: report nothing */
      }
      if (inName || inContent) hits.push({ path, inName, inContent });
      return;
    }
    if (inName) hits.push({ path, inName, inContent: false }); // fifo, socket, device
  };
  for (const dir of dirs) {
    let st;
    try {
      st = lstatSync(dir);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      device = st.dev;
      let entries: string[] = [];
      try {
        entries = readdirSync(dir);
      } catch {
        /* ignore */
      }
      for (const e of entries.sort()) walk(join(dir, e), e);
    } else {
      walk(dir, dir);
    }
  }
  return hits;
}

/** Relative paths (see module comment) of files whose name or content holds the marker. */
export function findMarker(dirs: string[], marker: string, options: FindMarkerOptions = {}): string[] {
  const hits = findMarkerHits(dirs, marker, options);
  return hits.map((h) => {
    const i = dirs.findIndex((d) => h.path === d || h.path.startsWith(d.endsWith('/') ? d : d + '/'));
    const base = dirs[i] ?? '/';
    const rel = relative(base, h.path) || '.';
    return dirs.length > 1 ? `${i}:${rel}` : rel;
  });
}
