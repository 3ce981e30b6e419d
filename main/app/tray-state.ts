/**
 * The tray icon, tooltip and menu as a plain function of the app's status: one glance tells
 * staff whether the agent runs, whether the last wipe was clean, and whether a wipe is running.
 */
import type { AppStatus, ResultRow } from '../../protocol/app-api.js';

export type TrayLevel = 'ok' | 'busy' | 'attention' | 'offline';

export interface TrayState {
  level: TrayLevel;
  /** File name of the icon under build/icons/tray/. */
  icon: string;
  tooltip: string;
  /** Disabled menu lines shown above the actions. */
  lines: string[];
  wipeNowEnabled: boolean;
}

function ago(at: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (!Number.isFinite(s)) return 'at an unknown time';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

function lastLine(last: ResultRow | null, now: number): string {
  if (!last) return 'Last wipe: none yet';
  const what = last.outcome === 'clean' ? 'clean' : last.outcome === 'partial' ? 'PARTIAL — check the staff window' : last.outcome.toUpperCase();
  return `Last wipe: ${what}, ${ago(last.at, now)} (${last.items} items)`;
}

export function trayState(status: AppStatus, now: number = Date.now()): TrayState {
  if (status.agent === 'unavailable') {
    return {
      level: 'offline', icon: 'tray-offline.png', tooltip: 'Tabula: the agent service is not running',
      lines: ['Agent: not running — wipes cannot happen', 'Dashboard: unknown'], wipeNowEnabled: false,
    };
  }
  const lines = [
    `Agent: ${status.ready ? 'running' : 'starting'}${status.version ? ` (v${status.version})` : ''}`,
    `Dashboard: ${status.dashboard}`,
    lastLine(status.last, now),
  ];
  if (status.configErrors > 0) lines.push('Configuration: invalid file, last good one in use');
  if (status.current) {
    const { phase, done, total } = status.current;
    const queued = Math.max(status.queued, status.current.queued);
    lines.unshift(`Wiping: ${phase} ${done}/${total}${queued > 0 ? `, ${queued} queued` : ''}`);
    return { level: 'busy', icon: 'tray-busy.png', tooltip: 'Tabula: wiping…', lines, wipeNowEnabled: false };
  }
  const bad = (status.last !== null && status.last.outcome !== 'clean') || status.dirty > 0 || status.configErrors > 0 || !status.ready;
  if (status.dirty > 0) lines.push(`Not yet clean: ${status.dirty} account(s)`);
  return {
    level: bad ? 'attention' : 'ok',
    icon: bad ? 'tray-attention.png' : 'tray-ok.png',
    tooltip: bad ? 'Tabula: needs attention' : 'Tabula: this PC is clean',
    lines,
    wipeNowEnabled: status.ready,
  };
}
