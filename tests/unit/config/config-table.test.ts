/** A table of malformed configurations, each with the exact error text `tabula config check` prints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadLayeredConfig, parseConfigText } from '../../../main/agent/config/load.js';
import { accountProblems } from '../../../main/agent/config/targets.js';
import { TabulaError } from '../../../main/agent/base/errors.js';
import { removeTree, tempDir } from '../../support/tree.js';

const F = '/etc/tabula/config.json';
const TOP =
  'accounts, mode, categories, tempRoots, overwriteFiles, closeBrowsers, idle, schedules, dashboard, staffPinHash, staffGroup, pcLabel, logLevel, homeKeep, print';
const ACCOUNT = 'an account name (no spaces at the ends, no \\ / : * ? " < > |)';

const TABLE: Array<[string, string, string[]]> = [
  ['not JSON', '{"mode": "clean",}', [`${F}: not valid JSON at line 1, column 18 (check quotes, commas and braces)`]],
  ['top level is a list', '[]', [`${F}: (top level): expected an object, got a list`]],
  ['top level is a string', '"clean"', [`${F}: (top level): expected an object, got "clean"`]],
  ['top level is null', 'null', [`${F}: (top level): expected an object, got null`]],
  ['misspelt field', '{"acounts": []}', [`${F}: /acounts: unknown field (expected one of: ${TOP})`]],
  [
    'accounts is a string',
    '{"accounts": "patron"}',
    [`${F}: /accounts: expected a list of account names, got "patron"`.replace('"patron"', 'a string')],
  ],
  ['account is a number', '{"accounts": [5]}', [`${F}: /accounts/0: expected ${ACCOUNT}, got 5`]],
  ['account with a slash', '{"accounts": ["lab/1"]}', [`${F}: /accounts/0: expected ${ACCOUNT}, got a string`]],
  ['account empty', '{"accounts": [""]}', [`${F}: /accounts/0: expected ${ACCOUNT} of at least 1 character, got a string`]],
  ['account with a trailing space', '{"accounts": ["patron "]}', [`${F}: /accounts/0: expected ${ACCOUNT}, got a string`]],
  [
    'duplicate accounts',
    '{"accounts": ["p1", "p1"]}',
    [`${F}: /accounts: expected a list of account names without duplicates, got a duplicate`],
  ],
  [
    'too many accounts',
    JSON.stringify({ accounts: Array.from({ length: 65 }, (_, i) => `p${i}`) }),
    [`${F}: /accounts: expected a list of account names with at most 64 items, got 65`],
  ],
  ['mode unknown', '{"mode": "wipe"}', [`${F}: /mode: expected one of "auto", "clean", "reset", got "wipe"`]],
  ['mode a number', '{"mode": 1}', [`${F}: /mode: expected one of "auto", "clean", "reset", got 1`]],
  [
    'unknown category',
    '{"categories": ["history", "cookie"]}',
    [`${F}: /categories/1: expected a category id (see tabula --help), got "cookie"`],
  ],
  ['no categories', '{"categories": []}', [`${F}: /categories: expected a list of category ids with at least 1 item, got an empty list`]],
  [
    'duplicate category',
    '{"categories": ["cache", "cache"]}',
    [`${F}: /categories: expected a list of category ids without duplicates, got a duplicate`],
  ],
  ['relative temp root', '{"tempRoots": ["tmp"]}', [`${F}: /tempRoots/0: expected an absolute folder path, got "tmp"`]],
  ['temp roots a string', '{"tempRoots": "/tmp"}', [`${F}: /tempRoots: expected a list of absolute folder paths, got "/tmp"`]],
  ['overwriteFiles "yes"', '{"overwriteFiles": "yes"}', [`${F}: /overwriteFiles: expected true or false, got "yes"`]],
  ['closeBrowsers 1', '{"closeBrowsers": 1}', [`${F}: /closeBrowsers: expected true or false, got 1`]],
  ['idle a number', '{"idle": 900}', [`${F}: /idle: expected an object, got 900`]],
  ['idle timeout "5m"', '{"idle": {"timeoutSec": "5m"}}', [`${F}: /idle/timeoutSec: expected integer from 30 to 86400, got "5m"`]],
  ['idle timeout too short', '{"idle": {"timeoutSec": 5}}', [`${F}: /idle/timeoutSec: expected integer from 30 to 86400, got 5`]],
  ['idle timeout fractional', '{"idle": {"timeoutSec": 90.5}}', [`${F}: /idle/timeoutSec: expected integer from 30 to 86400, got 90.5`]],
  ['idle warning 0', '{"idle": {"warningSec": 0}}', [`${F}: /idle/warningSec: expected integer from 5 to 600, got 0`]],
  ['idle misspelt field', '{"idle": {"timeout": 900}}', [`${F}: /idle/timeout: unknown field (expected one of: timeoutSec, warningSec)`]],
  [
    'schedules an object',
    '{"schedules": {"cron": "0 21 * * *"}}',
    [`${F}: /schedules: expected a list of { cron, action } objects, got an object`],
  ],
  [
    'schedule without action',
    '{"schedules": [{"cron": "0 21 * * *"}]}',
    [`${F}: /schedules/0/action: required field missing (expected one of "wipe", "end-sessions-and-wipe")`],
  ],
  [
    'schedule bad action',
    '{"schedules": [{"cron": "0 21 * * *", "action": "reboot"}]}',
    [`${F}: /schedules/0/action: expected one of "wipe", "end-sessions-and-wipe", got "reboot"`],
  ],
  [
    'schedule hour 25',
    '{"schedules": [{"cron": "0 25 * * *", "action": "wipe"}]}',
    [`${F}: /schedules/0/cron: expected a cron expression such as "0 21 * * *", got "0 25 * * *"`],
  ],
  [
    'schedule 4 fields',
    '{"schedules": [{"cron": "0 21 * *", "action": "wipe"}]}',
    [`${F}: /schedules/0/cron: expected a cron expression such as "0 21 * * *", got "0 21 * *"`],
  ],
  [
    'schedule words',
    '{"schedules": [{"cron": "every day at 9", "action": "wipe"}]}',
    [`${F}: /schedules/1/cron`.replace('/1/', '/0/') + ': expected a cron expression such as "0 21 * * *", got "every day at 9"'],
  ],
  [
    'dashboard over http',
    '{"dashboard": {"url": "http://dash.example.org"}}',
    [`${F}: /dashboard/url: expected an https:// URL, got "http://dash.example.org"`],
  ],
  ['dashboard without url', '{"dashboard": {}}', [`${F}: /dashboard/url: required field missing (expected an https:// URL)`]],
  [
    'dashboard relative CA file',
    '{"dashboard": {"url": "https://d.example.org", "caFile": "ca.pem"}}',
    [`${F}: /dashboard/caFile: expected an absolute file path, got "ca.pem"`],
  ],
  [
    'PIN in clear',
    '{"staffPinHash": "1234"}',
    [`${F}: /staffPinHash: expected a hash made by \`tabula config hash-pin\` (scrypt$N$r$p$salt$hash), got a string`],
  ],
  ['staff group empty', '{"staffGroup": ""}', [`${F}: /staffGroup: expected a group name of at least 1 character, got ""`]],
  ['staff group with a colon', '{"staffGroup": "staff:x"}', [`${F}: /staffGroup: expected a group name, got "staff:x"`]],
  ['log level unknown', '{"logLevel": "verbose"}', [`${F}: /logLevel: expected one of "error", "warn", "info", "debug", got "verbose"`]],
  [
    'two errors, both reported',
    '{"mode": "fast", "idle": {"timeoutSec": "5m"}}',
    [
      `${F}: /mode: expected one of "auto", "clean", "reset", got "fast"`,
      `${F}: /idle/timeoutSec: expected integer from 30 to 86400, got "5m"`,
    ],
  ],
];

test(`config table: ${TABLE.length} malformed configurations, exact error text`, () => {
  assert.ok(TABLE.length >= 30);
  for (const [name, text, expected] of TABLE) {
    const { value, problems } = parseConfigText(text, F);
    assert.equal(value, undefined, name);
    assert.deepEqual(problems, expected, name);
  }
});

test('a good configuration has no problems', () => {
  const { problems } = parseConfigText(
    JSON.stringify({
      accounts: ['patron1', 'kiosk-2'],
      mode: 'reset',
      categories: ['history', 'downloads'],
      tempRoots: ['/tmp'],
      closeBrowsers: true,
      overwriteFiles: false,
      idle: { timeoutSec: 600, warningSec: 60 },
      schedules: [
        { cron: '0 21 * * *', action: 'end-sessions-and-wipe' },
        { cron: '*/15 8-20 * * mon-fri', action: 'wipe' },
      ],
      dashboard: { url: 'https://dash.example.org/api', caFile: '/etc/tabula/ca.pem' },
      staffGroup: 'Library Staff',
      logLevel: 'debug',
    }),
    F,
  );
  assert.deepEqual(problems, []);
});

test('layers: the error names the layer that set the value; warning ≥ timeout across layers', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ idle: { timeoutSec: 60 } }));
    const policy = async () => ({ source: 'HKLM\\Software\\Policies\\Tabula', value: { idle: { warningSec: 60 } } });
    await assert.rejects(loadLayeredConfig({ file, policy, platform: 'linux' }), (e: ConfigError) => {
      assert.deepEqual(e.problems, [
        'HKLM\\Software\\Policies\\Tabula: /idle/warningSec: expected integer less than /idle/timeoutSec (60), got 60',
      ]);
      return true;
    });
    writeFileSync(file, JSON.stringify({ idle: { timeoutSec: 120 } }));
    const badPolicy = async () => ({ source: 'HKLM\\Software\\Policies\\Tabula', value: { mode: 'wipe-all' } });
    await assert.rejects(loadLayeredConfig({ file, policy: badPolicy, platform: 'linux' }), (e: ConfigError) => {
      assert.deepEqual(e.problems, ['HKLM\\Software\\Policies\\Tabula: /mode: expected one of "auto", "clean", "reset", got "wipe-all"']);
      return true;
    });
    const missing = path.join(dir, 'nope.json');
    await assert.rejects(loadLayeredConfig({ file: missing, platform: 'linux' }), (e: ConfigError) => {
      assert.deepEqual(e.problems, [`${missing}: cannot be read (ENOENT)`]);
      return true;
    });
    // Policy wins over the file, field by field; defaults fill the rest.
    writeFileSync(file, JSON.stringify({ mode: 'reset', idle: { timeoutSec: 1200 } }));
    const ok = await loadLayeredConfig({
      file,
      platform: 'linux',
      policy: async () => ({ source: 'P', value: { idle: { warningSec: 30 } } }),
    });
    assert.deepEqual(ok.config.idle, { timeoutSec: 1200, warningSec: 30 });
    assert.equal(ok.config.mode, 'reset');
    assert.equal(ok.config.closeBrowsers, true);
    assert.equal(ok.origin.get('/idle/warningSec'), 'P');
    assert.deepEqual(ok.sources, ['defaults', file, 'P']);
  } finally {
    removeTree(dir);
  }
});

test('staff and administrator accounts are refused, by field, never by name', async () => {
  const resolve = async (name: string) => {
    if (name === 'librarian') throw new TabulaError('E_ACCOUNT_REFUSED', 'members of administrator groups cannot be patron accounts');
    if (name === 'ghost') throw new TabulaError('E_ACCOUNT_UNKNOWN');
    return { home: `/home/${name}`, tempRoots: [] };
  };
  const { errors, warnings } = await accountProblems({ accounts: ['patron', 'librarian', 'ghost'] }, new Map([['/accounts', F]]), resolve);
  assert.deepEqual(errors, [
    `${F}: /accounts/1: expected a patron account, got an account that is refused (members of administrator groups cannot be patron accounts)`,
  ]);
  assert.deepEqual(warnings, [`${F}: /accounts/2: expected an account of this computer, got an unknown account`]);
  assert.ok(![...errors, ...warnings].some((l) => l.includes('librarian') || l.includes('ghost')));
});
