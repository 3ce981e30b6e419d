/**
 * Baselines for reset mode: IT captures a patron home once (`tabula baseline capture`); a reset
 * then deletes what is not in the baseline, restores what changed and leaves the rest. Files are
 * stored content-addressed (sha256) in the root-only state directory; the manifest holds the
 * skeleton's relative paths, types, modes, owners and hashes.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { TabulaError } from '../base/errors.js';
import { isGraveyard } from './execute/graveyard.js';

export interface BaselineEntry {
  type: 'dir' | 'file' | 'link';
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  sha256?: string;
  target?: string;
}

export interface Baseline {
  version: 1;
  createdAt: string;
  /** Relative path (`/`-separated) → entry. */
  entries: Record<string, BaselineEntry>;
  blobDir: string;
}

export function baselineDir(stateDir: string, homeReal: string): string {
  const key = createHash('sha256').update(homeReal).digest('hex').slice(0, 16);
  return path.join(stateDir, 'baselines', key);
}

export function hashFile(p: string): string {
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}

export function entryType(st: Stats): BaselineEntry['type'] | undefined {
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return undefined; // sockets, fifos: never part of a baseline
}

/** Records the home (pinned real path) into the state directory; returns counts. */
export function captureBaseline(homeReal: string, stateDir: string): { files: number; dirs: number; links: number; bytes: number } {
  const dir = baselineDir(stateDir, homeReal);
  const blobs = path.join(dir, 'blobs');
  mkdirSync(blobs, { recursive: true, mode: 0o700 });
  const rootStat = lstatSync(homeReal);
  const entries: Record<string, BaselineEntry> = {};
  const counts = { files: 0, dirs: 0, links: 0, bytes: 0 };
  const visit = (current: string, rel: string) => {
    for (const name of readdirSync(current).sort()) {
      const p = path.join(current, name);
      const st = lstatSync(p);
      if (rel === '' && isGraveyard(name, st)) continue;
      const type = entryType(st);
      if (!type || st.dev !== rootStat.dev) continue;
      const r = rel ? `${rel}/${name}` : name;
      const entry: BaselineEntry = { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      if (type === 'file') {
        entry.size = st.size;
        entry.sha256 = hashFile(p);
        const blob = path.join(blobs, entry.sha256);
        if (!existsSync(blob)) copyFileSync(p, blob);
        counts.files++;
        counts.bytes += st.size;
      } else if (type === 'link') {
        entry.target = readlinkSync(p);
        counts.links++;
      } else {
        counts.dirs++;
      }
      entries[r] = entry;
      if (type === 'dir') visit(p, r);
    }
  };
  visit(homeReal, '');
  const manifest = { version: 1, createdAt: new Date().toISOString(), entries };
  const tmp = path.join(dir, 'manifest.json.tmp');
  writeFileSync(tmp, JSON.stringify(manifest), { mode: 0o600 });
  renameSync(tmp, path.join(dir, 'manifest.json'));
  return counts;
}

export function loadBaseline(stateDir: string, homeReal: string): Baseline {
  const dir = baselineDir(stateDir, homeReal);
  let parsed: { version?: number; createdAt?: string; entries?: Record<string, BaselineEntry> };
  try {
    parsed = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new TabulaError('E_BASELINE_MISSING');
  }
  if (parsed.version !== 1 || !parsed.entries) throw new TabulaError('E_BASELINE_MISSING', 'unreadable manifest');
  return { version: 1, createdAt: parsed.createdAt ?? '', entries: parsed.entries, blobDir: path.join(dir, 'blobs') };
}
