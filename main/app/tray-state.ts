/**
 * The tray icon, tooltip and menu as a plain function of the app's status: one glance tells
 * staff whether the agent runs, whether the last wipe was clean, and whether a wipe is running.
 */
import type { AppStatus, Language } from '../../protocol/app-api.js';
import { TRAY_STRINGS, type TrayStrings } from './tray-strings.js';

export const TRAY_LEVELS = ['ok', 'busy', 'attention', 'offline'] as const;
export type TrayLevel = (typeof TRAY_LEVELS)[number];

export interface TrayState {
  level: TrayLevel;
  tooltip: string;
  /** Disabled menu lines shown above the actions. */
  lines: string[];
  wipeNowEnabled: boolean;
  /** The two actions' labels. */
  menu: { wipeNow: string; staff: string };
}

function ago(at: string, now: number, s: TrayStrings): string {
  const sec = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (!Number.isFinite(sec)) return s.ago.unknown;
  if (sec < 60) return s.ago.now;
  if (sec < 3600) return s.ago.minutes(Math.round(sec / 60));
  if (sec < 86_400) return s.ago.hours(Math.round(sec / 3600));
  return s.ago.days(Math.round(sec / 86_400));
}

/** The tray for a status, in `lang` (the library's first language, as the staff window). */
export function trayState(status: AppStatus, now: number = Date.now(), lang: Language = 'en'): TrayState {
  const s = TRAY_STRINGS[lang];
  const menu = { wipeNow: s.menuWipeNow, staff: s.menuStaff };
  if (status.agent === 'unavailable') {
    return { level: 'offline', tooltip: s.tooltipOffline, lines: [s.agentDown], wipeNowEnabled: false, menu };
  }
  const last = status.last;
  const lines = [
    s.agent(status.ready, status.version ?? ''),
    s.dashboard[status.dashboard],
    last ? s.lastWipe(last.outcome, ago(last.at, now, s), last.items) : s.noWipeYet,
  ];
  if (status.configErrors > 0) lines.push(s.configInvalid);
  if (status.current) {
    const { phase, done, total } = status.current;
    lines.unshift(s.wiping(phase, done, total, Math.max(status.queued, status.current.queued)));
    return { level: 'busy', tooltip: s.tooltipBusy, lines, wipeNowEnabled: false, menu };
  }
  const bad = (last !== null && last.outcome !== 'clean') || status.dirty > 0 || status.configErrors > 0 || !status.ready;
  if (status.dirty > 0) lines.push(s.notClean(status.dirty));
  return { level: bad ? 'attention' : 'ok', tooltip: bad ? s.tooltipAttention : s.tooltipOk, lines, wipeNowEnabled: status.ready, menu };
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
