/** Thumbnail caches: small images of the patron's own files and pictures. */
import type { CatalogEntry } from '../schema.js';
import { at, rules } from '../location.js';

export const thumbnails: CatalogEntry = {
  id: 'thumbnails',
  name: 'Thumbnails',
  kind: 'os',
  processNames: {},
  areas: [
    {
      roots: {
        // freedesktop.org thumbnail spec (normal/, large/, x-large/, xx-large/, fail/) and its legacy place.
        linux: [at('xdgCache', 'thumbnails'), at('home', '.thumbnails')],
        darwin: [at('darwinUserCache', 'com.apple.QuickLook.thumbnailcache')],
      },
      rules: [],
      keep: [],
      residual: 'thumbnails',
    },
    {
      // Explorer's folder also holds unrelated files (startup logs, ...), left alone.
      roots: { win32: [at('localAppData', 'Microsoft', 'Windows', 'Explorer')] },
      rules: rules('thumbnails', 'thumbcache_*.db', 'iconcache_*.db'),
      keep: [],
      residual: null,
    },
  ],
};
