/**
 * The only file that touches `ipcMain` (lint enforces it). Every `invoke` from a page goes
 * through `decide()` (ipc-policy.ts): our window, its top frame, its own app:// page, a method its
 * role may call, arguments of the right shape; then one AppService method runs. Events go only to
 * the windows whose role receives them.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  APP_CHANNELS,
  APP_EVENTS,
  type AppEventName,
  type AppEventPayloads,
  type AppMethod,
  type WindowRole,
} from '../../protocol/app-api.js';
import type { AppService } from './app-service.js';
import { decide, ROLE_EVENTS } from './ipc-policy.js';

export interface WindowRegistry {
  /** The role of one of our windows by its webContents, undefined for anything else. */
  roleOf(contents: WebContents): WindowRole | undefined;
  /** Our live windows' webContents with their roles. */
  all(): Array<{ role: WindowRole; contents: WebContents }>;
}

function run(service: AppService, method: AppMethod, args: unknown[]): Promise<unknown> {
  switch (method) {
    case 'status':
      return service.status();
    case 'unlock':
      return service.unlock(String(args[0]));
    case 'lock':
      return service.lock();
    case 'wipeNow':
      return service.wipeNow();
    case 'endSessionAndWipe':
      return service.endSessionAndWipe();
    case 'preview':
      return service.preview();
    case 'lastResults':
      return service.lastResults();
    case 'notice':
      return service.notice();
    case 'activity':
      return service.activity();
  }
}

export function registerAppIpc(service: AppService, windows: WindowRegistry, log: (event: string, fields: object) => void): () => void {
  const channels = Object.values(APP_CHANNELS);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      const verdict = decide(channel, args, {
        windowRole: windows.roleOf(event.sender),
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame !== undefined && frame === event.sender.mainFrame,
      });
      if (!verdict.ok) {
        log('ipc.refused', { channel, code: verdict.code });
        return verdict;
      }
      return run(service, verdict.method, args);
    });
  }
  const send = <E extends AppEventName>(name: E, payload: AppEventPayloads[E]) => {
    for (const { role, contents } of windows.all()) {
      if (ROLE_EVENTS[role].includes(name) && !contents.isDestroyed()) contents.send(APP_EVENTS[name], payload);
    }
  };
  const offs = [
    service.onProgress((p) => send('progress', p)),
    service.onWipeDone((r) => send('wipeDone', r)),
    service.onCountdown((c) => send('countdown', c)),
  ];
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    for (const off of offs) off();
  };
}
