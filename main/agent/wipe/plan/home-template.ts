/**
 * What the home-root sweep leaves alone besides its catalogue `leave` list: the names of the OS's
 * new-account template (what every fresh account gets, so not the patron's), the account's
 * localized user folders (XDG user-dirs: `Téléchargements`), and the names IT lists in the
 * configuration (`homeKeep`). Template folders are read with readdir only (names, no content).
 * On case-insensitive platforms names are compared lower-cased.
 */
import { readdirSync } from 'node:fs';
import type { Base, Platform } from '../../catalog/schema.js';
import type { BaseLocation } from './bases.js';

export const TEMPLATE_DIRS: Record<Platform, string[]> = {
  linux: ['/etc/skel'],
  darwin: ['/System/Library/User Template/Non_localized', '/System/Library/User Template/English.lproj'],
  win32: [`${process.env.SystemDrive ?? 'C:'}\\Users\\Default`],
};

export function templateNames(platform: Platform, dirs: readonly string[] = TEMPLATE_DIRS[platform]): string[] {
  const names: string[] = [];
  for (const dir of dirs) {
    try {
      names.push(...readdirSync(dir));
    } catch {
      // no template here
    }
  }
  return names;
}

export function leaveNamesOf(
  platform: Platform,
  bases: (base: Base) => BaseLocation,
  homeKeep: readonly string[] = [],
  template: readonly string[] = templateNames(platform),
): Set<string> {
  const fold = (n: string) => (platform === 'linux' ? n : n.toLowerCase());
  const names = new Set<string>([...template, ...homeKeep].map(fold));
  for (const base of [
    'desktop',
    'documents',
    'downloads',
    'xdgConfig',
    'xdgCache',
    'xdgData',
    'appData',
    'localAppData',
    'library',
  ] as const) {
    const at = bases(base);
    if (at && 'inHome' in at && at.inHome[0] !== undefined) names.add(fold(at.inHome[0]));
  }
  return names;
}
