/**
 * The only contextBridge code: exposes `window.tabula`, exactly TabulaApi (protocol/app-api.ts),
 * and nothing else — no ipcRenderer, no channel names, no Node. Arguments are coerced to their
 * types here and validated again in the main process (ipc-policy.ts).
 *
 * Sandboxed preloads cannot load relative modules: this file is bundled with its wrapper into
 * dist/app/preload.cjs (see docs/installers.md, "Building").
 */
import { contextBridge } from 'electron';
import type { TabulaApi } from '../../protocol/app-api.js';
import { invoke, subscribe } from './ipc-renderer-wrapper.js';

const api: TabulaApi = {
  status: () => invoke('status'),
  unlock: (pin) => invoke('unlock', String(pin)),
  lock: () => invoke('lock'),
  wipeNow: () => invoke('wipeNow'),
  endSessionAndWipe: () => invoke('endSessionAndWipe'),
  preview: () => invoke('preview'),
  lastResults: () => invoke('lastResults'),
  notice: () => invoke('notice'),
  activity: () => invoke('activity'),
  onProgress: (cb) => subscribe('progress', cb),
  onCountdown: (cb) => subscribe('countdown', cb),
  onWipeDone: (cb) => subscribe('wipeDone', cb),
};

contextBridge.exposeInMainWorld('tabula', Object.freeze(api));
