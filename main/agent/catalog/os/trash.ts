/**
 * The patron's trash in the home. Per-volume trash folders (.Trash-<uid>, /Volumes/x/.Trashes)
 * are outside the home and are not catalogue data.
 */
import type { CatalogEntry } from '../schema.js';
import { at, rules } from '../location.js';

export const trash: CatalogEntry = {
  id: 'trash',
  name: 'Trash',
  kind: 'os',
  processNames: {},
  areas: [
    {
      // freedesktop.org trash: files/, info/ and expunged/ stay, their contents go; anything
      // else (directorysizes lists trashed folder names) goes whole.
      roots: { linux: [at('xdgData', 'Trash')] },
      rules: rules('trash', 'files/*', 'info/*', 'expunged/*'),
      keep: [],
      residual: 'trash',
    },
    {
      roots: { darwin: [at('home', '.Trash')] },
      rules: [],
      keep: [],
      residual: 'trash',
    },
    {
      // C:\$Recycle.Bin\<SID>: $I*/$R* pairs; desktop.ini names the folder.
      roots: { win32: [at('recycleBin')] },
      rules: [],
      keep: ['desktop.ini'],
      residual: 'trash',
    },
  ],
};
