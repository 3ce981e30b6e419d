/** OS policy parsers on recorded outputs: `reg query /s` (English, German), plutil JSON, XML plist. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coerceToSchema } from '../../../main/agent/config/policy-coerce.js';
import { parseManagedPreferences, PolicyReadError } from '../../../main/agent/config/policy-macos.js';
import { parseRegQueryTree } from '../../../main/agent/config/policy-windows.js';
import { parsePlistXml, PlistError } from '../../../main/agent/config/plist-xml.js';
import { loadLayeredConfig, ConfigError } from '../../../main/agent/config/load.js';
import { validateLayer } from '../../../main/agent/config/validate.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../tests/fixtures/policy');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const KEY = 'HKLM\\Software\\Policies\\Tabula';

test('reg query /s, English Windows: values, subkeys, MULTI_SZ, DWORD, Chrome-style list subkey', () => {
  const tree = parseRegQueryTree(fixture('reg-query-tabula-en.txt'));
  assert.deepEqual(tree.accounts, ['patron1', 'patron2', 'kiosk-3']);
  assert.equal(tree.closeBrowsers, 1);
  const value = coerceToSchema(tree);
  assert.deepEqual(validateLayer(value, KEY), []);
  assert.deepEqual(value, {
    mode: 'reset',
    accounts: ['patron1', 'patron2', 'kiosk-3'],
    closeBrowsers: true,
    overwriteFiles: false,
    staffGroup: 'Library Staff',
    categories: ['history', 'cookies', 'downloads'],
    dashboard: { url: 'https://dashboard.example-library.org/api' },
    idle: { timeoutSec: 900, warningSec: 60 },
    schedules: [
      { cron: '0 21 * * *', action: 'end-sessions-and-wipe' },
      { cron: '30 3 * * 1-5', action: 'wipe' },
    ],
  });
});

test('reg query /s, German Windows: localized default value and summary line, names in another case, UTF-8', () => {
  const value = coerceToSchema(parseRegQueryTree(fixture('reg-query-tabula-de.txt')));
  assert.deepEqual(validateLayer(value, KEY), []);
  assert.deepEqual(value, {
    mode: 'clean',
    accounts: ['ausleihe1', 'ausleihe2'],
    closeBrowsers: false,
    staffGroup: 'Büro-Mitarbeiter',
    tempRoots: ['D:\\Temp\\Patron'],
    idle: { timeoutSec: 600, warningSec: 30 },
  });
});

test('a bad policy is reported with the policy key, the field and the expectation', async () => {
  const value = coerceToSchema(parseRegQueryTree(fixture('reg-query-tabula-bad.txt')));
  await assert.rejects(
    loadLayeredConfig({ platform: 'linux', file: '/dev/null/none', policy: async () => ({ source: KEY, value }) }),
    (e: ConfigError) => {
      assert.deepEqual(e.problems.slice(1), [
        `${KEY}: /mode: expected one of "auto", "clean", "reset", got "wipe-all"`,
        `${KEY}: /idle/timeoutSec: expected integer from 30 to 86400, got "5m"`,
      ]);
      return true;
    },
  );
});

test('keys outside the Tabula key and empty output give nothing', () => {
  assert.deepEqual(parseRegQueryTree(''), {});
  assert.deepEqual(parseRegQueryTree('\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Other\r\n    mode    REG_SZ    reset\r\n'), {});
});

test('macOS managed preferences: plutil JSON and the XML fallback agree', () => {
  const fromJson = parseManagedPreferences(fixture('plutil-json-org.tabula.agent.txt'), 'json');
  const fromXml = parseManagedPreferences(fixture('managed-prefs-org.tabula.agent.plist'), 'xml');
  assert.deepEqual(fromXml, fromJson);
  assert.equal(fromXml.source, '/Library/Managed Preferences/org.tabula.agent.plist');
  assert.deepEqual(fromXml.value, {
    accounts: ['patron', 'kiosk&lab'],
    closeBrowsers: true,
    overwriteFiles: false,
    dashboard: { url: 'https://dash.example-library.org/' },
    idle: { timeoutSec: 600, warningSec: 45 },
    schedules: [{ action: 'end-sessions-and-wipe', cron: '0 21 * * *' }],
  });
  assert.deepEqual(validateLayer(fromXml.value, fromXml.source), []);
});

test('XML plist parser: types, entities, empty elements; binary and broken plists are refused', () => {
  const xml =
    '<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><integer>-3</integer><key>b</key><real>1.5</real>' +
    '<key>c</key><string>x &lt;&#x41;&#66;&gt;</string><key>d</key><array/><key>e</key><dict/><key>f</key><false/>' +
    '<key>g</key><date>2026-01-01T00:00:00Z</date><key>h</key><data>\n AAEC\n</data><key>i</key><string/></dict></plist>';
  assert.deepEqual(parsePlistXml(xml), { a: -3, b: 1.5, c: 'x <AB>', d: [], e: {}, f: false, g: '2026-01-01T00:00:00Z', h: 'AAEC', i: '' });
  assert.throws(() => parsePlistXml('bplist00\u0000\u0001'), PlistError);
  assert.throws(() => parsePlistXml('<plist><dict><key>a</key></dict></plist>'), PlistError);
  assert.throws(() => parsePlistXml('<plist><dict><string>x</string></dict></plist>'), PlistError);
  assert.throws(() => parseManagedPreferences('<plist><dict>', 'xml'), PolicyReadError);
});
