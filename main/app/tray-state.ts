/**
 * The tray icon, tooltip and menu as a plain function of the app's status: one glance tells
 * staff whether the agent runs, whether the last wipe was clean, and whether a wipe is running.
 */
import type { AppStatus, ResultRow } from '../../protocol/app-api.js';

export const TRAY_LEVELS = ['ok', 'busy', 'attention', 'offline'] as const;
export type TrayLevel = (typeof TRAY_LEVELS)[number];

export interface TrayState {
  level: TrayLevel;
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

const DASHBOARD_LINES: Record<AppStatus['dashboard'], string> = {
  'not-enrolled': 'Dashboard: not enrolled',
  unknown: 'Dashboard: nothing sent yet',
  connected: 'Dashboard: connected',
  disconnected: 'Dashboard: not reachable (counts wait, sent later)',
};

function lastLine(last: ResultRow | null, now: number): string {
  if (!last) return 'Last wipe: none yet';
  const what = last.outcome === 'clean' ? 'clean' : last.outcome === 'partial' ? 'PARTIAL — check the staff window' : last.outcome.toUpperCase();
  return `Last wipe: ${what}, ${ago(last.at, now)} (${last.items} items)`;
}

export function trayState(status: AppStatus, now: number = Date.now()): TrayState {
  if (status.agent === 'unavailable') {
    return {
      level: 'offline', tooltip: 'Tabula: the agent service is not running',
      lines: ['Agent: not running — wipes cannot happen'], wipeNowEnabled: false,
    };
  }
  const lines = [
    `Agent: ${status.ready ? 'running' : 'starting'}${status.version ? ` (v${status.version})` : ''}`,
    DASHBOARD_LINES[status.dashboard],
    lastLine(status.last, now),
  ];
  if (status.configErrors > 0) lines.push('Configuration: invalid file, last good one in use');
  if (status.current) {
    const { phase, done, total } = status.current;
    const queued = Math.max(status.queued, status.current.queued);
    lines.unshift(`Wiping: ${phase} ${done}/${total}${queued > 0 ? `, ${queued} queued` : ''}`);
    return { level: 'busy', tooltip: 'Tabula: wiping…', lines, wipeNowEnabled: false };
  }
  const bad = (status.last !== null && status.last.outcome !== 'clean') || status.dirty > 0 || status.configErrors > 0 || !status.ready;
  if (status.dirty > 0) lines.push(`Not yet clean: ${status.dirty} account(s)`);
  return {
    level: bad ? 'attention' : 'ok',
    tooltip: bad ? 'Tabula: needs attention' : 'Tabula: this PC is clean',
    lines,
    wipeNowEnabled: status.ready,
  };
}

export interface TrayIcon {
  /** File under build/icons/tray/ (scripts/make-icons.mjs); its `@2x` sibling is picked up on HiDPI screens. */
  file: string;
  /** macOS: a template image (black + alpha) that the menu bar tints for light and dark mode. */
  template: boolean;
}

/**
 * The icon of a level on a platform: macOS menu-bar template images (16 pt); the Windows
 * notification area at 16 px; Linux status areas at 32 px (they scale to their 22–24 px).
 */
export function trayIcon(level: TrayLevel, platform: string): TrayIcon {
  if (platform === 'darwin') return { file: `tray-${level}Template.png`, template: true };
  if (platform === 'win32') return { file: `tray-${level}.png`, template: false };
  return { file: `tray-${level}-32.png`, template: false };
}
