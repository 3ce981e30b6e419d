/**
 * The only file that touches `ipcRenderer` (lint enforces it): typed invoke and subscribe over
 * the channel names of protocol/app-api.ts. Pages never get this object, only the intent-level
 * API the preload builds from it.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  APP_CHANNELS,
  APP_EVENTS,
  type AppArgs,
  type AppEventName,
  type AppEventPayloads,
  type AppMethod,
  type AppReturn,
  type Unsubscribe,
} from '../../protocol/app-api.js';

export function invoke<M extends AppMethod>(method: M, ...args: AppArgs<M>): Promise<AppReturn<M>> {
  return ipcRenderer.invoke(APP_CHANNELS[method], ...args) as Promise<AppReturn<M>>;
}

export function subscribe<E extends AppEventName>(name: E, callback: (payload: AppEventPayloads[E]) => void): Unsubscribe {
  // The event object (with its sender) never reaches the page: only the payload does.
  const handler = (_event: IpcRendererEvent, payload: AppEventPayloads[E]) => callback(payload);
  ipcRenderer.on(APP_EVENTS[name], handler);
  return () => {
    ipcRenderer.removeListener(APP_EVENTS[name], handler);
  };
}
