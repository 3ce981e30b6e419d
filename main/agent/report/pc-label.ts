/**
 * The PC's name sent to the dashboard: config `pcLabel`, else the computer's host name (its first
 * label, when it fits the protocol's pattern), else nothing. It names the library's PC, never a
 * patron; the dashboard lets staff rename the PC there.
 */
import { hostname } from 'node:os';
import { PcLabel } from '../../../protocol/report.js';

const LABEL = new RegExp(PcLabel.pattern as string);

/** The host name's first label if it is a valid PC label (`Front-Desk-3.library.local` → `Front-Desk-3`). */
export function hostPcLabel(host: string = hostname()): string | undefined {
  const first = host.split('.')[0] ?? '';
  return LABEL.test(first) ? first : undefined;
}

export function pcLabelOf(config: unknown, host?: string): string | undefined {
  const configured = (config as { pcLabel?: unknown } | null | undefined)?.pcLabel;
  if (typeof configured === 'string' && LABEL.test(configured)) return configured;
  return hostPcLabel(host);
}
