/**
 * `window.tabula` for a page under test: exactly the preload's TabulaApi, each method bridged with
 * page.exposeFunction to the app's real main-process logic (AppService), and the events pushed
 * into the page in order, each before any reply the page gets after it (as over Electron's IPC). The
 * method list comes from APP_CHANNELS / APP_EVENTS, like the preload.
 */
import type { Page } from 'playwright-core';
import { APP_CHANNELS, APP_EVENTS, type AppEventName } from '../../../protocol/app-api.js';
import type { AppService } from '../../../main/app/app-service.js';

export const METHODS = Object.keys(APP_CHANNELS) as Array<keyof typeof APP_CHANNELS>;
export const EVENTS = Object.keys(APP_EVENTS) as AppEventName[];

export interface Bridge {
  /** Every call the page made, by method name (the PIN is never recorded). */
  calls: string[];
  /** Events pushed into the page, in order. */
  sent: Array<{ name: AppEventName; payload: unknown }>;
  /** Resolves once every event so far has reached the page. */
  flushed(): Promise<void>;
  dispose(): void;
}

export async function installTabula(page: Page, service: AppService): Promise<Bridge> {
  const calls: string[] = [];
  const sent: Bridge['sent'] = [];
  let chain = Promise.resolve();
  for (const method of METHODS) {
    await page.exposeFunction(`__tabula_${method}`, async (...args: unknown[]) => {
      calls.push(method);
      const value =
        method === 'unlock' ? await service.unlock(String(args[0])) : await (service[method] as () => Promise<unknown>).call(service);
      // As over Electron's IPC, the events sent before a reply reach the page before it.
      await chain;
      return value;
    });
  }
  await page.addInitScript(
    ({ methods, events }) => {
      const w = globalThis as unknown as Record<string, unknown>;
      const listeners: Record<string, Set<(p: unknown) => void>> = {};
      for (const e of events) listeners[e] = new Set();
      const api: Record<string, unknown> = {};
      for (const m of methods) api[m] = (...args: unknown[]) => (w[`__tabula_${m}`] as (...a: unknown[]) => Promise<unknown>)(...args);
      const on = (name: string) => (cb: (p: unknown) => void) => {
        listeners[name]!.add(cb);
        return () => listeners[name]!.delete(cb);
      };
      api.onProgress = on('progress');
      api.onCountdown = on('countdown');
      api.onWipeDone = on('wipeDone');
      w.__tabulaEmit = (name: string, payload: unknown) => {
        for (const cb of listeners[name] ?? []) cb(payload);
      };
      Object.defineProperty(globalThis, 'tabula', { value: Object.freeze(api), writable: false, configurable: false });
    },
    { methods: METHODS, events: EVENTS },
  );
  const push = (name: AppEventName) => (payload: unknown) => {
    sent.push({ name, payload });
    chain = chain
      .then(() =>
        page.evaluate(
          ([n, p]) => {
            (globalThis as unknown as { __tabulaEmit: (n: string, p: unknown) => void }).__tabulaEmit(n as string, p);
          },
          [name, payload] as const,
        ),
      )
      .catch(() => undefined);
  };
  const offs = [service.onProgress(push('progress')), service.onCountdown(push('countdown')), service.onWipeDone(push('wipeDone'))];
  return { calls, sent, flushed: () => chain, dispose: () => offs.forEach((off) => off()) };
}
