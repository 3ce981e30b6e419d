/**
 * Proof that a fixture run wrote nothing outside the patron home: the run's unique marker must not
 * appear in the real user's browser/config/cache folders, nor anywhere in the system temp dir
 * outside the test's own base folder.
 */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMarker } from './grep-marker.js';

export const REAL_HOME_PLACES = ['.config', '.cache', '.mozilla', '.local', '.pki', 'Downloads', 'snap', '.var'];

export function markerOutside(marker: string, ownBase: string): string[] {
  const realHome = homedir();
  const dirs = [...REAL_HOME_PLACES.map((p) => join(realHome, p)), tmpdir(), '/dev/shm'];
  const found = findMarker(dirs, marker, { exclude: [ownBase], maxFileBytes: 8 * 1024 * 1024 });
  return found;
}
