/** What the CLI prints: counts by category, never a path (except `plan --paths`). */
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { plural } from '../../../protocol/plural.js';
import type { Progress } from '../wipe/execute/executor.js';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function renderSummary(summary: WipeSummary, verb: string): string {
  const lines: string[] = [];
  const rows = Object.entries(summary.categories).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`${verb} (${summary.mode} mode${summary.dryRun ? ', dry run' : ''}):`);
  if (rows.length === 0) lines.push('  nothing');
  for (const [category, count] of rows) {
    const items = count?.items ?? 0;
    lines.push(
      `  ${category.padEnd(18)} ${String(items).padStart(8)} ${(items === 1 ? 'item' : 'items').padEnd(5)}  ${formatBytes(count?.bytes ?? 0).padStart(10)}`,
    );
  }
  for (const f of summary.failures) lines.push(`  FAILED ${f.category}: ${f.count} × ${f.code}`);
  if (!summary.dryRun && summary.outcome !== 'clean') {
    lines.push(`  ${whatRemains(summary.failures, summary.remaining)}`);
    if (summary.browsersClosed > 0) lines.push(`  closed ${plural(summary.browsersClosed, 'browser process', 'browser processes')} first`);
  } else if (!summary.dryRun) {
    lines.push(`  safe for the next patron after ${summary.safeMs} ms; deleted after ${summary.doneMs} ms`);
    if (summary.browsersClosed > 0) lines.push(`  closed ${plural(summary.browsersClosed, 'browser process', 'browser processes')} first`);
  }
  lines.push(`  outcome: ${summary.outcome}${summary.remaining ? ` (${plural(summary.remaining, 'item remains', 'items remain')})` : ''}`);
  return lines.join('\n') + '\n';
}

/**
 * What a wipe that is not clean left, by category: never "safe for the next patron". Items a
 * re-plan still found (E_REMAINING) are counted per category; other failures name category and code.
 */
export function whatRemains(failures: readonly { category: string; code: string; count: number }[], remaining: number): string {
  const left = failures.filter((f) => f.code === 'E_REMAINING').map((f) => `${f.category} ${f.count}`);
  const failed = failures.filter((f) => f.code !== 'E_REMAINING').map((f) => `${f.category} ${f.count} × ${f.code}`);
  const parts: string[] = [];
  if (remaining > 0) parts.push(`${plural(remaining, 'item remains', 'items remain')}${left.length ? ` (${left.join(', ')})` : ''}`);
  if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  if (parts.length === 0) parts.push('the wipe could not be verified');
  return `NOT safe for the next patron: ${parts.join('; ')}`;
}

/** A one-line progress bar on a terminal; nothing when stderr is not a terminal. */
export function progressPrinter(enabled: boolean): ((p: Progress) => void) | undefined {
  if (!enabled) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    const width = 30;
    const filled = p.total ? Math.round((p.done / p.total) * width) : width;
    process.stderr.write(`\r${p.phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}`);
    if (p.done >= p.total) process.stderr.write('\n');
  };
}

export function exitCodeOf(summary: WipeSummary): number {
  if (summary.outcome === 'clean') return 0;
  return summary.outcome === 'partial' ? 1 : 4;
}
