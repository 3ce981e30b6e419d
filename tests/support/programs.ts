/**
 * Tests that need a system program (chromium, firefox-esr, ...) call `needProgram`. Without the
 * program the test is skipped loudly — or fails under TABULA_REQUIRE_ALL=1, which CI sets.
 */
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { skipOrFail } from './skip.js';

export function findProgram(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${JSON.stringify(name)}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Returns the program's path, or skips (fails under TABULA_REQUIRE_ALL=1) and returns undefined. */
export function needProgram(t: TestContext, name: string): string | undefined {
  const found = findProgram(name);
  if (found) return found;
  skipOrFail(t, `this test needs the program "${name}", which is not installed (apt-get install ${name})`);
  return undefined;
}
