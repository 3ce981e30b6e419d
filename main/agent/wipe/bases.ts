/**
 * Where each catalogue base lies for one account. Bases inside the home are segment lists
 * (walked from the pinned home with lstat, so no link is ever followed on the way); the few
 * outside it (Recycle Bin, macOS per-user temp) come from the target as absolute folders.
 */
import { readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Base, Platform } from '../catalog/schema.js';
import type { Target } from './types.js';

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
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(XDG_[A-Z]+_DIR)\s*=\s*"\$HOME\/([^"]*)"\s*$/.exec(line);
    if (!m) continue;
    const segments = (m[2] as string).split('/').filter((s) => s !== '');
    if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) continue;
    dirs[m[1] as string] = segments;
  }
  return dirs;
}

function readUserDirs(home: string): Record<string, string[]> {
  const config = join(home, '.config');
  const file = join(config, 'user-dirs.dirs');
  try {
    if (!lstatSync(config).isDirectory() || !lstatSync(file).isFile()) return {};
    return parseUserDirs(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

export function makeBaseResolver(target: Target, platform: Platform): (base: Base) => BaseLocation {
  const userDirs = platform === 'linux' ? readUserDirs(target.home) : {};
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
