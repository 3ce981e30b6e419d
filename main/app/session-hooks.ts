/**
 * Session hooks: the session's idle time goes to the agent every few seconds (its idle machine
 * decides; a silent app never stops the countdown), and the OS telling us the session or the
 * machine is ending is passed on as a hint. The agent's own OS-level detection stays the truth.
 */
import { app, powerMonitor, type BrowserWindow } from 'electron';
import type { AppService } from './app-service.js';

export const IDLE_TICK_MS = 5_000;

export function startSessionHooks(service: AppService, hidden: () => BrowserWindow | undefined): () => void {
  const tick = () => void service.idleTick(powerMonitor.getSystemIdleTime() * 1000);
  tick();
  const timer = setInterval(tick, IDLE_TICK_MS);
  const ending = () => void service.sessionEnding();
  powerMonitor.on('shutdown', ending);
  powerMonitor.on('lock-screen', tick);
  // Windows: WM_QUERYENDSESSION / WM_ENDSESSION reach BrowserWindows only.
  const win = hidden();
  win?.on('query-session-end', ending);
  win?.on('session-end', ending);
  app.on('before-quit', () => clearInterval(timer));
  return () => {
    clearInterval(timer);
    powerMonitor.off('shutdown', ending);
    powerMonitor.off('lock-screen', tick);
  };
}
