/**
 * Owner and ACL in a Windows reset, on their decisions and recorded formats
 * (tests/fixtures/acl/README.md): the capture's Get-Acl output parsed and stored once per distinct
 * descriptor, the SDDL split into owner and DACL, the `icacls /restore` file and the icacls runs a
 * restore makes, and the executor running them for the entries it re-created (icacls injected).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import type { CommandRunner } from '../../../main/agent/base/run-command.js';
import { baselineDir, captureBaseline, loadBaseline } from '../../../main/agent/wipe/baseline.js';
import { execute } from '../../../main/agent/wipe/execute/executor.js';
import { aclRestoresOf, restoreAcls } from '../../../main/agent/wipe/execute/restore-acl.js';
import {
  aclCaptureScript,
  aclRestoreCommands,
  icaclsRestoreFile,
  parseAclCapture,
  powershellArgs,
  splitSddl,
} from '../../../main/agent/wipe/fs/windows-acl.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor } from '../../support/wipe-run.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../tests/fixtures/acl');
const SID = 'S-1-5-21-3623811015-3361044348-30300820';
const captured = readFileSync(path.join(FIXTURES, 'get-acl-capture.txt'), 'utf8');
const sddls = parseAclCapture(captured, 6);

test('the capture output: one SDDL per line number; a failed Get-Acl, an error line or a number beyond the list is no descriptor', () => {
  assert.equal(sddls.length, 6);
  assert.equal(sddls[0], `O:${SID}-1013G:${SID}-513D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;${SID}-1013)`);
  assert.match(sddls[1] ?? '', /^O:.*D:AI\(A;ID;FA;;;SY\)/);
  assert.equal(sddls[2], undefined, '`!`: Get-Acl failed');
  assert.equal(sddls[3], 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)');
  assert.match(sddls[4] ?? '', /S:AI\(AU;SAFA;FA;;;WD\)$/);
  assert.equal(sddls[5], undefined, 'an error message is not a descriptor');
  assert.deepEqual(
    parseAclCapture(`\uFEFF0\t${sddls[3]}\r\n9\t${sddls[3]}\r\n`, 1),
    [sddls[3]],
    'a BOM is ignored; line 9 of a list of 1 is not taken',
  );
  // The script names no patron path: the list and the answer travel in files, the answer by line number.
  const script = aclCaptureScript("C:\\ProgramData\\Tabula\\b\\it's-list.tmp", 'C:\\ProgramData\\Tabula\\b\\out.tmp');
  assert.match(script, /ReadAllLines\('C:\\ProgramData\\Tabula\\b\\it''s-list\.tmp'/, 'single quotes doubled inside the literal');
  assert.match(script, /Get-Acl -LiteralPath \$paths\[\$i\]/);
  assert.deepEqual(powershellArgs('x').slice(0, 5), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
});

test('an SDDL split: the owner as a SID (aliases mapped), the DACL without owner, group or SACL', () => {
  assert.deepEqual(splitSddl(sddls[0] as string), { owner: `${SID}-1013`, dacl: `D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;${SID}-1013)` });
  assert.deepEqual(splitSddl(sddls[3] as string), {
    owner: 'S-1-5-32-544',
    dacl: 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)',
  });
  assert.deepEqual(splitSddl(sddls[4] as string).dacl, `D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;${SID}-1013)`);
  assert.deepEqual(splitSddl('O:XXG:SYD:(A;;FA;;;SY)'), { dacl: 'D:(A;;FA;;;SY)' }, 'an unknown alias sets no owner');
});

test('restore: one /restore file in icacls /save format (UTF-16LE) and one /setowner per entry, by SID', () => {
  const entries = [
    { rel: 'NTUSER.DAT', sddl: sddls[0] as string },
    { rel: 'AppData\\Roaming\\SomeApp', sddl: sddls[3] as string },
    { rel: 'AppData\\Roaming\\SomeApp\\settings.ini', sddl: sddls[4] as string },
  ];
  assert.deepEqual(icaclsRestoreFile(entries), readFileSync(path.join(FIXTURES, 'icacls-save-restored.bin')));
  assert.deepEqual(aclRestoreCommands('C:\\Users\\patron', 'C:\\ProgramData\\Tabula\\acl.tmp', entries), [
    ['C:\\Users\\patron\\', '/restore', 'C:\\ProgramData\\Tabula\\acl.tmp', '/c', '/q'],
    ['C:\\Users\\patron\\NTUSER.DAT', '/setowner', `*${SID}-1013`, '/c', '/q'],
    ['C:\\Users\\patron\\AppData\\Roaming\\SomeApp', '/setowner', '*S-1-5-32-544', '/c', '/q'],
    ['C:\\Users\\patron\\AppData\\Roaming\\SomeApp\\settings.ini', '/setowner', `*${SID}-1013`, '/c', '/q'],
  ]);
  assert.deepEqual(aclRestoreCommands('C:\\Users\\patron', 'f', []), []);
});

test('capture stores each distinct descriptor once; the baseline keeps them; unreadable ones are counted as missing', () => {
  const base = tempDir('tabula-hives-acl-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, {
      'home/NTUSER.DAT': 'hive',
      'home/AppData/Roaming/SomeApp/settings.ini': 'a=1',
      'home/AppData/Roaming/SomeApp/b.ini': 'b',
    });
    let asked: readonly string[] = [];
    const byName: Record<string, string | undefined> = {
      'NTUSER.DAT': sddls[0],
      AppData: sddls[1],
      Roaming: sddls[1],
      SomeApp: sddls[3],
      'settings.ini': sddls[1],
      'b.ini': undefined,
    };
    const result = captureBaseline(home, state, {
      platform: 'win32',
      acls: (paths) => {
        asked = paths;
        return paths.map((p) => byName[path.basename(p)]);
      },
    });
    assert.equal(result.written, true);
    assert.deepEqual(result.acls, { recorded: 5, missing: 1 });
    assert.ok(asked.every((p) => path.isAbsolute(p) && p.startsWith(home)));
    const baseline = loadBaseline(state, home);
    assert.equal(baseline.sddls?.length, 3, 'three distinct descriptors');
    assert.equal(baseline.sddls?.[baseline.entries['NTUSER.DAT']?.acl ?? -1], sddls[0]);
    assert.equal(baseline.entries['AppData/Roaming/SomeApp/b.ini']?.acl, undefined);
    assert.equal(baseline.entries.AppData?.acl, baseline.entries['AppData/Roaming/SomeApp/settings.ini']?.acl);
    assert.deepEqual(
      aclRestoresOf(baseline, ['AppData/Roaming/SomeApp/b.ini', 'AppData/Roaming/SomeApp']),
      [{ rel: 'AppData\\Roaming\\SomeApp', sddl: sddls[3] }],
      'only entries with a descriptor, names with backslashes',
    );
    // Off Windows nothing is asked: no PowerShell run, no table.
    captureBaseline(home, state, { platform: 'linux' });
    assert.equal(loadBaseline(state, home).sddls, undefined);
    assert.ok(!readdirSync(baselineDir(state, home)).some((n) => n.endsWith('.tmp')));
  } finally {
    removeTree(base);
  }
});

test('the executor gives re-created entries their descriptors (icacls injected); a failed icacls run is counted, never thrown', async () => {
  const base = tempDir('tabula-hives-acl-');
  const home = path.join(base, 'home');
  const state = path.join(base, 'state');
  try {
    layout(base, { 'home/NTUSER.DAT': 'hive', 'home/AppData/Roaming/SomeApp/settings.ini': 'a=1', 'home/keep.txt': 'same' });
    const bySuffix = (p: string) => (p.endsWith('NTUSER.DAT') ? sddls[0] : p.endsWith('SomeApp') ? sddls[3] : sddls[1]);
    captureBaseline(home, state, { platform: 'win32', acls: (paths) => paths.map(bySuffix) });
    writeFileSync(path.join(home, 'NTUSER.DAT'), 'patron hive');
    removeTree(path.join(home, 'AppData/Roaming/SomeApp'));
    const calls: string[][] = [];
    let restoreFile: Buffer | undefined;
    const run: CommandRunner = async (file, args) => {
      assert.equal(file, 'icacls.exe');
      calls.push([...args]);
      if (args[1] === '/restore') restoreFile = readFileSync(args[2] as string);
      return { code: String(args[0]).endsWith('settings.ini') ? 5 : 0, stdout: '', stderr: '' };
    };
    const summary = await execute(planFor(selectionFor(base, { mode: 'reset', platform: 'win32' }), CATALOG), {
      dryRun: false,
      aclRunner: run,
    });
    assert.equal(readFileSync(path.join(home, 'NTUSER.DAT'), 'utf8'), 'hive');
    const names = restoreFile
      ?.toString('utf16le')
      .split('\r\n')
      .filter((_, i) => i % 2 === 0 && _ !== '');
    assert.deepEqual(names?.sort(), ['AppData\\Roaming\\SomeApp', 'AppData\\Roaming\\SomeApp\\settings.ini', 'NTUSER.DAT']);
    assert.equal(calls.filter((c) => c[1] === '/restore').length, 1);
    assert.deepEqual(
      calls
        .filter((c) => c[1] === '/setowner')
        .map((c) => [String(c[0]).slice(home.length + 1), c[2]])
        .sort(),
      [
        ['AppData\\Roaming\\SomeApp', '*S-1-5-32-544'],
        ['AppData\\Roaming\\SomeApp\\settings.ini', `*${SID}-1013`],
        ['NTUSER.DAT', `*${SID}-1013`],
      ],
    );
    assert.ok(!calls.some((c) => String(c[0]).endsWith('keep.txt')), 'an unchanged entry is not touched');
    assert.deepEqual(summary.failures, [{ category: 'app-data', code: 'E_PERM', count: 1 }], 'the one failed /setowner');
    assert.equal(summary.outcome, 'partial');
    assert.ok(!readdirSync(state).some((n) => n.startsWith('acl-restore')), 'the restore file is removed');
    assert.ok(existsSync(path.join(home, 'AppData/Roaming/SomeApp/settings.ini')));
  } finally {
    removeTree(base);
  }
});

test('restoreAcls: nothing recorded, nothing run', async () => {
  const calls: unknown[] = [];
  const baseline = {
    version: 1 as const,
    createdAt: '',
    entries: { a: { type: 'file' as const, mode: 0o644, uid: 0, gid: 0 } },
    blobDir: '/x',
  };
  assert.deepEqual(
    await restoreAcls({ home: 'C:\\Users\\p', baseline, made: [{ rel: 'a', category: 'app-data' }] }, '/nonexistent', async (...args) => {
      calls.push(args);
      return { code: 0, stdout: '', stderr: '' };
    }),
    [],
  );
  assert.deepEqual(calls, []);
});
