/**
 * Where each catalogue base lies for one account. Bases inside the home are segment lists
 * (walked from the pinned home with lstat, so no link is ever followed on the way); the few
 * outside it (Recycle Bin, macOS per-user temp) come from the target as absolute folders.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { linesOf, readPatronText } from '../fs/patron-file.js';
import type { Base, Platform } from '../../catalog/schema.js';
import type { PlanProblem, Target } from '../types.js';

export type BaseLocation = { inHome: string[] } | { absolute: string } | undefined;

const IN_HOME: Record<Platform, Partial<Record<Base, string[]>>> = {
  linux: {
    home: [],
    xdgConfig: ['.config'],
    xdgCache: ['.cache'],
    xdgData: ['.local', 'share'],
    downloads: ['Downloads'],
    desktop: ['Desktop'],
    documents: ['Documents'],
  },
  darwin: {
    home: [],
    library: ['Library'],
    downloads: ['Downloads'],
    desktop: ['Desktop'],
    documents: ['Documents'],
  },
  win32: {
    home: [],
    appData: ['AppData', 'Roaming'],
    localAppData: ['AppData', 'Local'],
    localLow: ['AppData', 'LocalLow'],
    downloads: ['Downloads'],
    desktop: ['Desktop'],
    documents: ['Documents'],
  },
};

const XDG_KEYS: Partial<Record<Base, string>> = {
  downloads: 'XDG_DOWNLOAD_DIR',
  desktop: 'XDG_DESKTOP_DIR',
  documents: 'XDG_DOCUMENTS_DIR',
};

/**
 * Parses ~/.config/user-dirs.dirs (localized folder names such as "Téléchargements"). The file
 * is patron-controlled: only `"$HOME/<relative>"` values strictly inside the home are accepted.
 */
export function parseUserDirs(text: string): Record<string, string[]> {
  const dirs: Record<string, string[]> = {};
  for (const line of linesOf(text)) {
    const m = /^\s*(XDG_[A-Z]+_DIR)\s*=\s*"\$HOME\/([^"]*)"\s*$/.exec(line);
    if (!m) continue;
    const segments = (m[2] as string).split('/').filter((s) => s !== '');
    if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) continue;
    dirs[m[1] as string] = segments;
  }
  return dirs;
}

/** The patron's user-dirs.dirs, read through readPatronFile; unusable (link, FIFO, > 1 MiB) is a problem. */
function readUserDirs(home: string, problems: PlanProblem[] | undefined): Record<string, string[]> {
  const config = join(home, '.config');
  try {
    if (!lstatSync(config).isDirectory()) return {};
  } catch {
    return {};
  }
  const file = readPatronText(join(config, 'user-dirs.dirs'), undefined, { path: home });
  if (file.ok) return parseUserDirs(file.text);
  // Without it the default folder names are used; localized ones it would have named may remain.
  if (file.failure !== 'missing') problems?.push({ category: 'downloads', code: 'E_BAD_FILE' });
  return {};
}

/** `problems` receives an E_BAD_FILE when the patron's user-dirs.dirs cannot be used. */
export function makeBaseResolver(target: Target, platform: Platform, problems?: PlanProblem[]): (base: Base) => BaseLocation {
  const userDirs = platform === 'linux' ? readUserDirs(target.home, problems) : {};
  return (base) => {
    const override = target.bases?.[base];
    if (override) return { absolute: override };
    const xdgKey = XDG_KEYS[base];
    const fromUserDirs = xdgKey ? userDirs[xdgKey] : undefined;
    if (fromUserDirs) return { inHome: fromUserDirs };
    const segments = IN_HOME[platform][base];
    return segments ? { inHome: segments } : undefined;
  };
}
