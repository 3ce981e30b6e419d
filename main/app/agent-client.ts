/**
 * The app's side of the local channel: one long-lived connection to the agent's patron endpoint,
 * newline-delimited JSON, requests matched to answers by id, and `status {watch: true}` sent on
 * every (re)connect so progress / wipeDone (and countdown) events flow. A lost agent never throws
 * into the UI: pending and new requests answer `{ok: false, code: 'E_AGENT_UNAVAILABLE'}` while
 * the client reconnects in the background.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { isErrorCode, type ErrorCode } from '../../protocol/error-codes.js';
import { ACCOUNT_SCOPED_REQUESTS } from '../../protocol/ipc.js';
import type { AgentEvent, AgentPort, AgentRequest, AgentRequestType, AgentResponse } from './agent-port.js';

export interface AgentClientOptions {
  /** Socket path or named pipe (agent-address.ts). */
  path: string;
  /** Answer timeout for ordinary requests (default 5 s). */
  timeoutMs?: number;
  /** Answer timeout for requests that wait for a wipe (default 10 min). */
  waitTimeoutMs?: number;
  /** Delay between reconnect attempts (default 2 s). */
  reconnectMs?: number;
  /** Longest line accepted from the agent (default 1 MiB). */
  maxLine?: number;
  /**
   * This session's account token (read afresh for every idle tick, session start and logout hint,
   * since the agent renews it at each session start): see readAccountToken.
   */
  accountToken?: () => string | undefined;
}

/** The token in the agent's token file for this uid (agent-address.ts accountTokenFile), or undefined. */
export function readAccountToken(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(256);
    const text = buffer
      .subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
      .toString('utf8')
      .trim();
    return /^[A-Za-z0-9_-]{16,128}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

type Pending = { resolve: (r: AgentResponse<AgentRequestType>) => void; timer: NodeJS.Timeout };

const UNAVAILABLE = { ok: false, code: 'E_AGENT_UNAVAILABLE' } as const;

/** Parses one line from the agent: an answer, an event, or undefined for anything malformed. */
export function parseAgentLine(
  line: string,
): { id: number; response: AgentResponse<AgentRequestType> } | { event: AgentEvent } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const msg = raw as Record<string, unknown>;
  if (typeof msg.event === 'string') {
    if (!['progress', 'wipeDone', 'countdown'].includes(msg.event)) return undefined;
    return { event: msg as unknown as AgentEvent };
  }
  if (typeof msg.id !== 'number' || typeof msg.ok !== 'boolean') return undefined;
  if (msg.ok) return { id: msg.id, response: { ok: true, result: msg.result as never } };
  const code: ErrorCode = isErrorCode(msg.code) ? msg.code : 'E_INTERNAL';
  const retry = msg.retryAfterSec;
  if (code === 'E_LOCKED' && typeof retry === 'number' && Number.isInteger(retry) && retry > 0 && retry <= 86_400) {
    return { id: msg.id, response: { ok: false, code, retryAfterSec: retry } };
  }
  return { id: msg.id, response: { ok: false, code } };
}

export class AgentClient implements AgentPort {
  private socket: Socket | undefined;
  private connecting: Promise<Socket | undefined> | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly connectionListeners = new Set<(up: boolean) => void>();
  private nextId = 1;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AgentClientOptions) {}

  /** Connects now and keeps reconnecting until `close()`. */
  start(): void {
    this.stopped = false;
    void this.ensure();
  }

  close(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
    this.socket = undefined;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (up: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async request<T extends AgentRequestType>(request: Extract<AgentRequest, { type: T }>): Promise<AgentResponse<T>> {
    const socket = await this.ensure();
    if (!socket) return UNAVAILABLE;
    const id = this.nextId++;
    const waits = 'wait' in request && request.wait !== false;
    const accountToken =
      ACCOUNT_SCOPED_REQUESTS.includes(request.type) && !('accountToken' in request) ? this.options.accountToken?.() : undefined;
    return new Promise<AgentResponse<T>>((resolve) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(id);
          resolve(UNAVAILABLE);
        },
        waits ? (this.options.waitTimeoutMs ?? 600_000) : (this.options.timeoutMs ?? 5_000),
      );
      this.pending.set(id, { resolve: resolve as Pending['resolve'], timer });
      socket.write(JSON.stringify({ ...request, ...(accountToken ? { accountToken } : {}), id }) + '\n');
    });
  }

  private ensure(): Promise<Socket | undefined> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket | undefined>((resolve) => {
      const socket = connect(this.options.path);
      socket.once('connect', () => {
        this.socket = socket;
        this.connecting = undefined;
        this.read(socket);
        // Watch: progress and wipeDone events come on this connection from now on.
        // With the account token, so that the connection counts against this session's own uid.
        const accountToken = this.options.accountToken?.();
        socket.write(JSON.stringify({ id: 0, type: 'status', watch: true, ...(accountToken ? { accountToken } : {}) }) + '\n');
        for (const l of this.connectionListeners) l(true);
        resolve(socket);
      });
      socket.once('error', () => {
        socket.destroy();
        if (this.socket !== socket) {
          this.connecting = undefined;
          this.scheduleReconnect();
          resolve(undefined);
        }
      });
      socket.once('close', () => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.resolve(UNAVAILABLE);
          this.pending.delete(id);
        }
        for (const l of this.connectionListeners) l(false);
        this.scheduleReconnect();
      });
    });
    return this.connecting;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) void this.ensure();
    }, this.options.reconnectMs ?? 2_000);
    this.reconnectTimer.unref();
  }

  private read(socket: Socket): void {
    let buffer = '';
    const max = this.options.maxLine ?? 1024 * 1024;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== '') this.dispatch(line);
      }
      if (buffer.length > max) socket.destroy();
    });
  }

  private dispatch(line: string): void {
    const parsed = parseAgentLine(line);
    if (!parsed) return;
    if ('event' in parsed) {
      for (const l of this.listeners) l(parsed.event);
      return;
    }
    const p = this.pending.get(parsed.id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(parsed.id);
    p.resolve(parsed.response);
  }
}
