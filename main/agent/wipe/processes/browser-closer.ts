/** The wipe environment's browsers: all catalogued browsers of the platform, for the target's uid. */
import { lstatSync, realpathSync } from 'node:fs';
import { CATALOG } from '../../catalog/index.js';
import { findBrowsers, type RunningBrowsers } from './close.js';
import type { Selection } from '../types.js';
import type { WipeEnvironment } from '../wipe.js';

/** Nothing to close. */
const NONE: RunningBrowsers = { count: 0, close: async () => ({ closed: 0, remaining: 0 }) };

export function browserCloser(selection: Selection): WipeEnvironment['browsers'] {
  const processNames = CATALOG.filter((e) => e.kind === 'browser').flatMap((e) => e.processNames[selection.platform] ?? []);
  return async (target) => {
    let uid: number;
    let home: string;
    try {
      uid = target.uid ?? lstatSync(target.home).uid;
      home = realpathSync(target.home);
    } catch {
      return NONE; // no home to run a browser from: the plan, next, says why (E_ROOT_MISSING)
    }
    return findBrowsers({ platform: selection.platform, processNames, uid, home });
  };
}
