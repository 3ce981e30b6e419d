/**
 * Windows, reset mode: the entries a restore re-created get the owner and ACL the baseline
 * recorded (windows-acl.ts: one `icacls /restore` for the DACLs, one `icacls /setowner` per entry).
 * Without a recorded descriptor (a baseline captured where PowerShell was missing) an entry keeps
 * what it inherits from its folder, which in a profile gives the patron full control.
 * A failed icacls run is counted (`E_PERM` in the entries' category), never thrown.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import type { ErrorCode } from '../../../../protocol/error-codes.js';
import { runCommand, type CommandRunner } from '../../base/run-command.js';
import type { Baseline } from '../baseline.js';
import { aclRestoreCommands, icaclsRestoreFile, type AclRestore } from '../fs/windows-acl.js';

export interface RestoredEntries {
  home: string;
  baseline: Baseline;
  /** Relative paths (`/`-separated) a restore created, with the category of the item they belong to. */
  made: Array<{ rel: string; category: CategoryId }>;
}

/** The entries of `made` that have a recorded descriptor, in icacls' form (`\`-separated names). */
export function aclRestoresOf(baseline: Baseline, made: readonly string[]): AclRestore[] {
  const out: AclRestore[] = [];
  for (const rel of made) {
    const at = baseline.entries[rel]?.acl;
    const sddl = at === undefined ? undefined : baseline.sddls?.[at];
    if (sddl) out.push({ rel: rel.split('/').join('\\'), sddl });
  }
  return out;
}

/** Applies the recorded owners and ACLs; returns the failures (category, code) to count. */
export async function restoreAcls(
  restored: RestoredEntries,
  scratchDir: string,
  run: CommandRunner = runCommand,
): Promise<Array<{ category: CategoryId; code: ErrorCode }>> {
  const entries = aclRestoresOf(
    restored.baseline,
    restored.made.map((m) => m.rel),
  );
  if (entries.length === 0) return [];
  const categoryOf = new Map(restored.made.map((m) => [m.rel.split('/').join('\\'), m.category] as const));
  const file = path.join(scratchDir, `acl-restore-${process.pid}.tmp`);
  const failures: Array<{ category: CategoryId; code: ErrorCode }> = [];
  try {
    try {
      writeFileSync(file, icaclsRestoreFile(entries), { mode: 0o600 });
    } catch {
      return [{ category: restored.made[0]?.category ?? 'app-data', code: 'E_STATE' }];
    }
    const commands = aclRestoreCommands(restored.home, file, entries);
    for (const args of commands) {
      const result = await run('icacls.exe', args, { timeoutMs: 120_000 });
      if (result.code === 0) continue;
      // The /restore run covers every entry; a /setowner run names one (its path is args[0]).
      const one = args[1] === '/setowner' ? categoryOf.get((args[0] as string).slice(restored.home.length + 1)) : undefined;
      failures.push({ category: one ?? restored.made[0]?.category ?? 'app-data', code: 'E_PERM' });
    }
  } finally {
    rmSync(file, { force: true });
  }
  return failures;
}
