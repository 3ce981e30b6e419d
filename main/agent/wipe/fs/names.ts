/**
 * Names are bytes. A folder is listed with its names as Buffers (readdir 'buffer'), so a name
 * that is not UTF-8 (`pasaporte_Jos\xe9.pdf` from an ordinary Windows zip) is reached exactly by
 * every lstat, rename and walk; its UTF-8 decoding (U+FFFD where a byte is not UTF-8) is only used
 * to match catalogue patterns and to show a path to IT (`plan --paths`).
 */
import { readdirSync } from 'node:fs';

export interface Entry {
  /** For matching and display only. */
  name: string;
  /** The exact bytes. */
  raw: Buffer;
}

const SLASH = Buffer.from('/');

/** `dir`/`name` as bytes. */
export const joinRaw = (dir: Buffer, name: Buffer): Buffer => Buffer.concat([dir, SLASH, name]);

/** The entries of a folder, sorted by their displayed name (stable for equal ones). Throws like readdirSync. */
export function listDir(dir: Buffer | string): Entry[] {
  return readdirSync(dir, { encoding: 'buffer' })
    .map((raw) => ({ name: raw.toString('utf8'), raw }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.raw, b.raw)));
}

/** A key for a path that tells apart names that display alike. */
export const rawKey = (raw: Buffer): string => raw.toString('latin1');
