/**
 * The command line the Windows policy layer gives cmd.exe (passed verbatim). Run for real on
 * Windows' Node under Wine in tests/wine/policy.test.ts; this pins its shape: `/s /c "…"` strips
 * exactly the outer quotes, so the key must arrive in plain quotes, never as \" (C runtime escaping,
 * which cmd does not undo: reg.exe answered "Invalid system key").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regQueryCommandLine, WINDOWS_POLICY_KEY } from '../../../main/agent/config/policy-windows.js';

test('policy: cmd.exe gets /d /s /c and one outer-quoted command with the key in plain quotes', () => {
  const args = regQueryCommandLine();
  assert.deepEqual(args.slice(0, 3), ['/d', '/s', '/c']);
  const command = args[3] ?? '';
  assert.ok(command.startsWith('"') && command.endsWith('"'), 'outer quotes for /s to strip');
  const inner = command.slice(1, -1);
  assert.equal(inner, `chcp 65001 >nul & reg query "${WINDOWS_POLICY_KEY}" /s`);
  assert.ok(!command.includes('\\"'), 'no C-runtime escaped quotes');
});
