/** The wipe environment's browsers: all catalogued browsers of the platform, for the target's uid. */
import { lstatSync, realpathSync } from 'node:fs';
import { CATALOG } from '../../catalog/index.js';
import { findBrowsers } from './close.js';
import type { Selection } from '../types.js';
import type { WipeEnvironment } from '../wipe.js';

export function browserCloser(selection: Selection): WipeEnvironment['browsers'] {
  const processNames = CATALOG.filter((e) => e.kind === 'browser').flatMap((e) => e.processNames[selection.platform] ?? []);
  return async (target) => {
    const uid = target.uid ?? lstatSync(target.home).uid;
    return findBrowsers({ platform: selection.platform, processNames, uid, home: realpathSync(target.home) });
  };
}
