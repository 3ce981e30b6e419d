/**
 * Per-user temporary folders. Linux has none inside the home: the shared /tmp and /var/tmp are
 * swept by the engine for the patron's uid (Target.tempRoots), not through the catalogue.
 */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';

export const temp: CatalogEntry = {
  id: 'temp',
  name: 'Temporary files',
  kind: 'os',
  processNames: {},
  areas: [
    {
      roots: {
        win32: [at('localAppData', 'Temp')],
        // $TMPDIR: /var/folders/<xx>/<id>/T
        darwin: [at('darwinUserTemp')],
      },
      rules: [],
      keep: [],
      residual: 'temp',
    },
  ],
};
