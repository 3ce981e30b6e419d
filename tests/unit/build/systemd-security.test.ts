/**
 * build/linux/tabula-agent.service hardening, scored by `systemd-analyze security --offline=yes`
 * (no running systemd needed). The booted-container suite (tests/system/) checks that the wipe still
 * works under this unit and scores it again on a running systemd.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { exposureOf, MAX_EXPOSURE } from '../../support/exposure.js';
import { needProgram } from '../../support/programs.js';
import { buildDir } from './paths.js';

const run = promisify(execFile);
const unitPath = join(buildDir, 'linux', 'tabula-agent.service');

async function score(analyze: string, unit: string): Promise<{ score: number; label: string; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-sec-'));
  try {
    const copy = join(dir, 'tabula-agent.service');
    await writeFile(copy, unit);
    // Exit status is non-zero only above --threshold; the score is what we assert.
    const { stdout } = await run(analyze, ['security', '--offline=yes', '--no-pager', copy], {
      env: { ...process.env, SYSTEMD_COLORS: '0' },
    });
    const level = exposureOf(stdout);
    assert.ok(level, `no exposure level in: ${stdout.slice(-400)}`);
    return { ...level, output: stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test(`systemd-analyze security: exposure at most ${MAX_EXPOSURE} (OK), and the hardening is what earns it`, async (t) => {
  const analyze = needProgram(t, 'systemd-analyze');
  if (!analyze) return;
  const unit = await readFile(unitPath, 'utf8');
  const hardened = await score(analyze, unit);
  console.log(`tabula-agent.service exposure: ${hardened.score} ${hardened.label}`);
  assert.ok(hardened.score <= MAX_EXPOSURE, `exposure ${hardened.score} ${hardened.label} > ${MAX_EXPOSURE}`);
  for (const line of [
    'ProtectSystem=',
    'NoNewPrivileges=',
    'RestrictSUIDSGID=',
    'ProtectKernelModules=',
    'ProtectKernelTunables=',
    'SystemCallFilter=~@mount',
  ]) {
    assert.match(hardened.output, new RegExp(`✓ ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${line} not credited`);
  }
  // The same unit without its [Service] hardening scores far worse: the parse measures the unit.
  const bare = unit
    .split('\n')
    .filter((l) => !/^(Protect|Restrict|NoNew|Private|SystemCall|Capability|Lock|Keyring|ReadWrite|UMask)/.test(l))
    .join('\n');
  const unhardened = await score(analyze, bare);
  assert.ok(unhardened.score > hardened.score + 3, `bare unit ${unhardened.score} vs hardened ${hardened.score}`);
});
