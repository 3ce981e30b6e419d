/** Every catalogue entry against the TypeBox schema, and the shape rules the schema cannot say. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { CATALOG, catalogEntry } from '../../../main/agent/catalog/index.js';
import { EntrySchema, PLATFORMS, type CatalogEntry, type Location, type Platform } from '../../../main/agent/catalog/schema.js';

function schemaErrors(value: unknown): string[] {
  return [...Value.Errors(EntrySchema, value)].map((e) => `${e.path || '/'}: ${e.message} (${JSON.stringify(e.value)})`);
}

const BROWSER_IDS = ['chrome', 'chromium', 'edge', 'brave', 'opera', 'vivaldi', 'firefox', 'safari'];
/** Where each OS area exists. Linux has no in-home temp folder (shared /tmp is the engine's). */
const OS_PLATFORMS: Record<string, Platform[]> = {
  downloads: ['linux', 'darwin', 'win32'],
  desktop: ['linux', 'darwin', 'win32'],
  documents: ['linux', 'darwin', 'win32'],
  temp: ['darwin', 'win32'],
  recent: ['linux', 'darwin', 'win32'],
  thumbnails: ['linux', 'darwin', 'win32'],
  trash: ['linux', 'darwin', 'win32'],
  histories: ['linux', 'darwin', 'win32'],
  credentials: ['linux', 'darwin', 'win32'],
};

const platformsOf = (entry: CatalogEntry): Platform[] => PLATFORMS.filter((p) => entry.areas.some((a) => (a.roots[p]?.length ?? 0) > 0));

test('every entry validates against the schema', () => {
  assert.ok(CATALOG.length >= 15, `catalogue has only ${CATALOG.length} entries`);
  for (const entry of CATALOG) {
    const errors = schemaErrors(entry);
    assert.ok(
      Value.Check(EntrySchema, entry) && errors.length === 0,
      `entry ${entry.id} does not match the schema:\n  ${errors.join('\n  ')}`,
    );
  }
});

test('the schema rejects broken entries (so the test above can fail)', () => {
  const good = structuredClone(catalogEntry('downloads')) as CatalogEntry;
  const broken: unknown[] = [
    { ...good, id: 'Bad Id' },
    { ...good, areas: [{ ...good.areas[0], roots: { linux: [{ base: 'home', path: ['..', 'other'] }] } }] },
    { ...good, areas: [{ ...good.areas[0], roots: { linux: [{ base: 'nowhere', path: [] }] } }] },
    { ...good, areas: [{ ...good.areas[0], rules: [{ match: '/etc/passwd', category: 'downloads' }] }] },
    { ...good, areas: [{ ...good.areas[0], rules: [{ match: 'a/../b', category: 'downloads' }] }] },
    { ...good, areas: [{ ...good.areas[0], residual: 'bookmarks' }] },
    { ...good, areas: [{ ...good.areas[0], keep: ['C:\\Windows'] }] },
    { ...good, extra: true },
  ];
  for (const value of broken) {
    assert.equal(Value.Check(EntrySchema, value), false, `accepted: ${JSON.stringify(value).slice(0, 200)}`);
    assert.ok(schemaErrors(value).length > 0);
  }
});

test('ids are unique and catalogEntry finds each one', () => {
  const ids = CATALOG.map((e) => e.id);
  assert.deepEqual([...new Set(ids)], ids, 'duplicate ids');
  for (const id of ids) assert.equal(catalogEntry(id)?.id, id);
  assert.equal(catalogEntry('netscape'), undefined);
  assert.deepEqual(
    CATALOG.filter((e) => e.kind === 'browser')
      .map((e) => e.id)
      .sort(),
    [...BROWSER_IDS].sort(),
  );
  assert.deepEqual(
    CATALOG.filter((e) => e.kind === 'os')
      .map((e) => e.id)
      .sort(),
    Object.keys(OS_PLATFORMS).sort(),
  );
  assert.deepEqual(
    CATALOG.filter((e) => e.kind === 'app')
      .map((e) => e.id)
      .sort(),
    ['media-apps', 'office-apps', 'system-traces'],
  );
});

test('browsers have roots on every platform (Safari on macOS only) and process names there', () => {
  for (const entry of CATALOG.filter((e) => e.kind === 'browser')) {
    const expected: Platform[] = entry.id === 'safari' ? ['darwin'] : ['linux', 'darwin', 'win32'];
    assert.deepEqual(platformsOf(entry), expected, `${entry.id}: platforms with roots`);
    for (const p of expected) {
      assert.ok((entry.processNames[p]?.length ?? 0) > 0, `${entry.id}: no process names on ${p}`);
    }
    assert.ok(
      (entry.processNames.win32 ?? []).every((n) => n.toLowerCase().endsWith('.exe')),
      `${entry.id}: win32 names end in .exe`,
    );
    for (const p of ['linux', 'darwin'] as const) {
      assert.ok(
        (entry.processNames[p] ?? []).every((n) => !n.includes('/') && !n.endsWith('.exe')),
        `${entry.id}: ${p} names`,
      );
    }
  }
});

test('OS areas have roots on exactly the platforms they exist on, and no process names', () => {
  for (const entry of CATALOG.filter((e) => e.kind === 'os')) {
    assert.deepEqual(platformsOf(entry), OS_PLATFORMS[entry.id], `${entry.id}: platforms with roots`);
    assert.deepEqual(entry.processNames, {}, `${entry.id}: an OS area closes no program`);
  }
});

const isUnsafeSegment = (s: string) =>
  s === '..' ||
  s === '.' ||
  s === '' ||
  s.includes('/') ||
  s.includes('\\') ||
  /^[a-z]:/i.test(s) ||
  s.startsWith('~') ||
  s.startsWith('$') ||
  s.startsWith('%');

test('no location or pattern is absolute or escapes upwards', () => {
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const p of PLATFORMS) {
        for (const loc of area.roots[p] ?? []) {
          assert.ok(
            loc.path.every((s) => !isUnsafeSegment(s)),
            `${entry.id}/${p}: unsafe location ${JSON.stringify(loc)}`,
          );
        }
      }
      const patterns = [...area.rules, ...(area.rootRules ?? [])].map((r) => r.match).concat(area.keep, area.profiles?.dirs ?? []);
      for (const pattern of patterns) {
        assert.ok(
          pattern.split('/').every((s) => !isUnsafeSegment(s)),
          `${entry.id}: unsafe pattern ${pattern}`,
        );
      }
    }
  }
});

const key = (p: Platform, loc: Location) => {
  const text = `${loc.base}:${loc.path.join('/')}`;
  return p === 'linux' ? text : text.toLowerCase();
};

test('no two areas of one entry share a root on one platform', () => {
  for (const entry of CATALOG) {
    for (const p of PLATFORMS) {
      const seen = new Map<string, number>();
      entry.areas.forEach((area, i) => {
        for (const loc of area.roots[p] ?? []) {
          const k = key(p, loc);
          assert.ok(!seen.has(k), `${entry.id}/${p}: root ${k} in areas ${seen.get(k)} and ${i}`);
          seen.set(k, i);
        }
      });
    }
  }
});

test('a root that is a bare base or a wildcard-only path is only used for whole user folders', () => {
  // Guards against `{ base: 'home', path: [] }` or `['*']`: that would wipe far more than meant.
  for (const entry of CATALOG) {
    for (const area of entry.areas) {
      for (const p of PLATFORMS) {
        for (const loc of area.roots[p] ?? []) {
          // The one exception: the home-root sweep, which leaves the account template and known folders alone.
          if (loc.base === 'home' && loc.path.length === 0 && area.leaveTemplate === true) continue;
          if (loc.base === 'home' || loc.base === 'library' || loc.base.startsWith('xdg') || loc.base.endsWith('ppData')) {
            assert.ok(loc.path.length > 0 && loc.path.some((s) => s !== '*'), `${entry.id}/${p}: ${key(p, loc)} is too broad`);
          }
        }
      }
    }
  }
});
