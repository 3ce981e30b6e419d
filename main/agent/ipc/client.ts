/** A client of the local channel: one request, its answer, and the events sent meanwhile. */
import { connect } from 'node:net';
import type { IpcEvent, IpcRequest, IpcResponse } from '../../../protocol/ipc.js';
import { TabulaError } from '../base/errors.js';
import { ipcAddresses } from './address.js';
import { readLines, writeLine } from './lines.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type RequestBody = WithoutId<IpcRequest>;

export interface CallOptions {
  endpoint?: 'privileged' | 'patron';
  /** Events pushed on this connection (progress, wipeDone). */
  onEvent?: (event: IpcEvent) => void;
  /** 0: no timeout (default 10 s; wipes that are awaited should pass 0). */
  timeoutMs?: number;
}

/** Whether a connection error means "no agent here" (not "not allowed"). */
export function isUnavailable(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ENOTSOCK' || code === 'ECONNRESET';
}

/**
 * Sends one request and resolves with the agent's answer. Throws E_AGENT_UNAVAILABLE when no
 * agent listens, E_FORBIDDEN when the endpoint refuses this user (socket permissions).
 */
export function callAgent(stateDir: string, body: RequestBody, options: CallOptions = {}): Promise<IpcResponse> {
  const addresses = ipcAddresses(stateDir);
  const address = options.endpoint === 'patron' ? addresses.patron : addresses.privileged;
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => finish(() => reject(new TabulaError('E_AGENT_UNAVAILABLE', 'no answer in time'))), timeoutMs)
        : undefined;
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish(() => reject(new TabulaError(error.code === 'EACCES' || error.code === 'EPERM' ? 'E_FORBIDDEN' : 'E_AGENT_UNAVAILABLE')));
    });
    socket.once('close', () => finish(() => reject(new TabulaError('E_AGENT_UNAVAILABLE', 'the agent closed the connection'))));
    socket.once('connect', () => writeLine(socket, { ...body, id: 1 }));
    readLines(
      socket,
      16 * 1024 * 1024,
      (line) => {
        let message: IpcResponse | IpcEvent;
        try {
          message = JSON.parse(line) as IpcResponse | IpcEvent;
        } catch {
          return;
        }
        if ('event' in message) options.onEvent?.(message);
        else if (message.id === 1 || message.id === -1) finish(() => resolve(message));
      },
      () => finish(() => reject(new TabulaError('E_INTERNAL'))),
    );
  });
}

/** Keeps a `status {watch:true}` connection open; returns a stop function. */
export function watchAgent(
  stateDir: string,
  onEvent: (event: IpcEvent) => void,
  endpoint: 'privileged' | 'patron' = 'patron',
): Promise<() => void> {
  const address = endpoint === 'patron' ? ipcAddresses(stateDir).patron : ipcAddresses(stateDir).privileged;
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    socket.once('error', () => reject(new TabulaError('E_AGENT_UNAVAILABLE')));
    socket.once('connect', () => writeLine(socket, { id: 1, type: 'status', watch: true }));
    readLines(
      socket,
      16 * 1024 * 1024,
      (line) => {
        const message = JSON.parse(line) as IpcResponse | IpcEvent;
        if ('event' in message) onEvent(message);
        else resolve(() => socket.destroy());
      },
      () => socket.destroy(),
    );
  });
}
