/**
 * Alerts: what is sent when a PC needs staff before the next patron sits down. Every field is an
 * id, an enum, a label IT chose or fixed help text: never anything about a patron.
 */
import { plural } from '../../../protocol/plural.js';

export const ALERT_CONDITIONS = ['wipe-failed', 'failing-repeatedly', 'silent'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];
export type AlertKind = 'alert' | 'recovery' | 'test';

export interface AlertEvent {
  kind: AlertKind;
  condition: AlertCondition;
  site: { id: string; name: string | null };
  pc: { id: string; label: string | null };
  /** The last failing wipe's outcome, main category and error code (null for silence and tests). */
  outcome: string | null;
  category: string | null;
  code: string | null;
  meaning: string | null;
  action: string | null;
  /** Reports not clean in a row. */
  failStreak: number;
  /** ISO time of the event. */
  at: string;
}

export const CONDITION_TITLES: Record<AlertCondition, string> = {
  'wipe-failed': 'Wipe failed',
  'failing-repeatedly': 'Wipes keep failing',
  silent: 'PC silent',
};

const siteText = (e: AlertEvent) => (e.site.name ? `${e.site.name} (${e.site.id})` : e.site.id);
const pcText = (e: AlertEvent) => (e.pc.label ? `${e.pc.label} (${e.pc.id})` : e.pc.id);

export function alertSubject(e: AlertEvent): string {
  const what =
    e.kind === 'test'
      ? 'Test alert'
      : e.kind === 'recovery'
        ? `Recovered: ${CONDITION_TITLES[e.condition]}`
        : CONDITION_TITLES[e.condition];
  return `[Tabula] ${what}: ${e.pc.label ?? e.pc.id} at ${e.site.name ?? e.site.id}`;
}

/** Plain text for chat (Slack/Teams `text`) and e-mail bodies. */
export function alertText(e: AlertEvent): string {
  if (e.kind === 'test') return `Tabula test alert for ${siteText(e)}: this channel works. Nothing needs doing.`;
  if (e.kind === 'recovery') return `Tabula: ${pcText(e)} at ${siteText(e)} recovered (${CONDITION_TITLES[e.condition].toLowerCase()}).`;
  const lines = [`Tabula: ${CONDITION_TITLES[e.condition]} on ${pcText(e)} at ${siteText(e)}.`];
  if (e.condition === 'silent')
    lines.push('The PC has not reported within its threshold: check it is on, online and its agent service runs.');
  else {
    if (e.code) lines.push(`${e.outcome ?? 'failed'}: ${e.category ?? 'unknown category'} ${e.code}${e.meaning ? ` — ${e.meaning}` : ''}`);
    if (e.condition === 'failing-repeatedly')
      lines.push(`${plural(e.failStreak, 'report')} in a row ${e.failStreak === 1 ? 'was' : 'were'} not clean.`);
    if (e.action) lines.push(`What to do: ${e.action}`);
  }
  return lines.join('\n');
}
