/**
 * Per-command help (`tabula plan --help`, `tabula help wipe`), cut from the one HELP text so the
 * two can never disagree: the command's usage block, then the option sections it takes.
 */
import { HELP } from './help.js';

/** Commands that take the selection options (--account, --home, --temp, --mode, --category …). */
const SELECTING = new Set(['plan', 'wipe', 'verify', 'baseline', 'session']);

function section(title: string): string {
  const start = HELP.indexOf(`\n${title}`);
  if (start < 0) return '';
  const end = HELP.indexOf('\n\n', start + 1);
  return HELP.slice(start + 1, end < 0 ? undefined : end);
}

/** The usage lines of `name` (its first line and the indented lines that continue it). */
function usageOf(name: string): string[] {
  const lines = HELP.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith(`  tabula ${name} `) && lines[i] !== `  tabula ${name}`) continue;
    out.push(lines[i]!);
    while (i + 1 < lines.length && /^ {3,}\S/.test(lines[i + 1]!) && !lines[i + 1]!.startsWith('  tabula ')) out.push(lines[++i]!);
  }
  return out;
}

/** Help for one command, or undefined when there is no such command. */
export function commandHelp(name: string): string | undefined {
  const usage = usageOf(name);
  if (!usage.length) return undefined;
  const parts = [`Usage:\n${usage.join('\n')}`];
  if (SELECTING.has(name)) parts.push(section('Selection'), section('Global options'));
  else if (/--config|--state/.test(usage.join('\n'))) parts.push(section('Global options'));
  parts.push(section('Output never contains'));
  return parts.filter(Boolean).join('\n\n') + '\n';
}
