/**
 * Decisions for every IPC message from a page, as plain functions (no Electron): the sender must
 * be the top frame of one of our windows showing its own app:// page, the method must be one its
 * role may call, and the arguments must match the method's TypeBox schema exactly.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  APP_CHANNELS,
  type AppChannel,
  type AppFailure,
  type AppMethod,
  type AppEventName,
  type WindowRole,
} from '../../protocol/app-api.js';
import { pageUrl } from './navigation-policy.js';

const None = Type.Tuple([]);

/** The arguments of each method; anything else is E_BAD_REQUEST. */
export const ARG_SCHEMAS: Record<AppMethod, TSchema> = {
  status: None,
  unlock: Type.Tuple([Type.String({ minLength: 1, maxLength: 64 })]),
  lock: None,
  wipeNow: None,
  endSessionAndWipe: None,
  preview: None,
  lastResults: None,
  notice: None,
  activity: None,
};

/** Which methods each window may call, and which events it receives. */
export const ROLE_METHODS: Record<WindowRole, readonly AppMethod[]> = {
  staff: ['status', 'unlock', 'lock', 'wipeNow', 'endSessionAndWipe', 'preview', 'lastResults', 'notice'],
  notice: ['notice', 'activity'],
  countdown: ['notice', 'activity'],
};

export const ROLE_EVENTS: Record<WindowRole, readonly AppEventName[]> = {
  staff: ['progress', 'wipeDone'],
  notice: ['countdown'],
  countdown: ['countdown'],
};

export function methodOfChannel(channel: string): AppMethod | undefined {
  for (const [method, name] of Object.entries(APP_CHANNELS) as Array<[AppMethod, AppChannel]>) if (name === channel) return method;
  return undefined;
}

export interface SenderInfo {
  /** The role our window registry has for the sending webContents, undefined when it is not ours. */
  windowRole: WindowRole | undefined;
  /** `event.senderFrame.url`; null when the frame is gone. */
  frameUrl: string | null | undefined;
  /** Whether the sender frame is the top frame of its page. */
  isMainFrame: boolean;
}

/** The sender is our window, its top frame, on exactly the page of its role. */
export function checkSender(sender: SenderInfo): { ok: true; role: WindowRole } | AppFailure {
  if (!sender.windowRole || !sender.isMainFrame || !sender.frameUrl) return { ok: false, code: 'E_FORBIDDEN' };
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return { ok: false, code: 'E_FORBIDDEN' };
  }
  const expected = new URL(pageUrl(sender.windowRole));
  if (url.protocol !== expected.protocol || url.host !== expected.host || url.pathname !== expected.pathname) {
    return { ok: false, code: 'E_FORBIDDEN' };
  }
  return { ok: true, role: sender.windowRole };
}

export function validateArgs(method: AppMethod, args: unknown): boolean {
  return Array.isArray(args) && Value.Check(ARG_SCHEMAS[method], args);
}

/** The whole decision for one `invoke`: which method to run, or why not. */
export function decide(channel: string, args: unknown, sender: SenderInfo): { ok: true; method: AppMethod; role: WindowRole } | AppFailure {
  const who = checkSender(sender);
  if (!who.ok) return who;
  const method = methodOfChannel(channel);
  if (!method || !ROLE_METHODS[who.role].includes(method)) return { ok: false, code: 'E_FORBIDDEN' };
  if (!validateArgs(method, args)) return { ok: false, code: 'E_BAD_REQUEST' };
  return { ok: true, method, role: who.role };
}
