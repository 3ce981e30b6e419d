/**
 * The local channel server: two endpoints (see address.ts), newline-delimited JSON, every request
 * schema-checked (TypeBox) before it reaches a handler. Authorization is by endpoint: the
 * privileged socket is reachable only by root and the staff group (file mode 0660, group
 * staffGroup); the patron socket (0666) accepts the unprivileged requests (and the session-end
 * hint, see acceptedWithoutToken), and privileged ones only with a token from a staff PIN unlock.
 * On Windows the same split is the named pipes' DACLs: see listen-options.ts. Requests that act
 * for one patron account carry that account's token (ipc/account-peer.ts, account-tokens.ts).
 */
import { chmodSync, chownSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Value } from '../../../protocol/typebox.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import {
  IPC_MAX_LINE,
  IPC_REQUEST_TYPES,
  IpcRequestSchema,
  acceptedWithoutToken,
  type IpcEvent,
  type IpcRequest,
} from '../../../protocol/ipc.js';
import { TabulaError, codeOf } from '../base/errors.js';
import { ipcAddresses, type IpcAddresses } from './address.js';
import { ConnectionBudget, type Member } from './budget.js';
import { readLines, writeLine, type LineReader } from './lines.js';
import { listenOptionsFor, type Endpoint } from './listen-options.js';

/** One client connection: the same object for every request that comes over it. */
export interface Connection {
  readonly endpoint: Endpoint;
  /** It asked for events (`status {watch: true}`). */
  readonly watching: boolean;
  readonly closed: boolean;
  /** Pushes one event to it (nothing once it is closed). */
  send(event: IpcEvent): void;
  /** Called once when it closes; returns a function that removes the listener. */
  onClose(listener: () => void): () => void;
}

export interface Caller {
  /** Came in over the privileged endpoint, or carries a valid staff token. */
  privileged: boolean;
  endpoint: Endpoint;
  connection: Connection;
  /** Streams events to this connection until it closes (and marks it watching). */
  watch(subscribe: (send: (event: IpcEvent) => void) => () => void): void;
}

export type IpcHandler = (request: IpcRequest, caller: Caller) => Promise<unknown>;

export interface IpcServerOptions {
  stateDir: string;
  handler: IpcHandler;
  /** Checks a staff token (patron endpoint). */
  tokenValid: (token: string | undefined) => boolean;
  /** Group id for the privileged socket (root only; otherwise the socket keeps the agent's group). */
  staffGid?: number;
  /** The uid whose account token this is (account-tokens.ts): such connections count against that uid (budget.ts). */
  accountOf?: (token: string) => number | undefined;
}

/**
 * Per connection: requests answered at a time, output held for a client that does not read, and
 * the request rate. Reading stops (the kernel then blocks the client's writes) while the client
 * has `inflight` requests unanswered, more than `outPause` bytes of answers unread, or no rate
 * left; a client with more than `outMax` bytes unread (events pile up too) is disconnected.
 */
export const FLOW = { inflight: 8, outPause: 64 * 1024, outMax: 1024 * 1024, perSecond: 50, burst: 100 } as const;
/** Connections per endpoint in all (the patron socket's are shared out by budget.ts). */
const MAX_CONNECTIONS = { privileged: 64, patron: 256 } as const;

export interface IpcServer {
  addresses: IpcAddresses;
  close(): Promise<void>;
}

const SCHEMAS = new Map(IpcRequestSchema.anyOf.map((s) => [s.properties.type.const as string, s]));

/** Validates one request line: the request, or an error code with the offending field. */
export function checkRequest(line: string): { request: IpcRequest } | { id: number; code: ErrorCode; field?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: -1, code: 'E_BAD_REQUEST', field: '(not JSON)' };
  }
  const obj = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const id = typeof obj.id === 'number' && Number.isInteger(obj.id) ? obj.id : -1;
  const type = obj.type;
  if (typeof type !== 'string' || !(IPC_REQUEST_TYPES as readonly string[]).includes(type)) {
    return { id, code: 'E_BAD_REQUEST', field: '/type' };
  }
  const schema = SCHEMAS.get(type)!;
  const first = Value.Errors(schema, raw).First();
  if (first) return { id, code: 'E_BAD_REQUEST', field: first.path || '(top level)' };
  return { request: raw as IpcRequest };
}

/** Refuses to take over a socket another live agent is serving; removes a stale one. */
async function clearStale(address: string): Promise<void> {
  if (process.platform === 'win32') return;
  const alive = await new Promise<boolean>((resolve) => {
    const s = connect(address);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
  if (alive) throw new TabulaError('E_STATE', 'another agent is already running on this state directory');
  rmSync(address, { force: true });
}

function listen(server: Server, endpoint: Endpoint, address: string, mode: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // The socket is created with the final mode (umask), never briefly wider.
    const old = process.platform === 'win32' ? undefined : process.umask(0o777 & ~mode);
    try {
      server.listen(listenOptionsFor(endpoint, address), () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      if (old !== undefined) process.umask(old);
    }
  });
}

function connectionOf(endpoint: Endpoint, socket: Socket): Connection & { watching: boolean } {
  const closeListeners = new Set<() => void>();
  const connection = {
    endpoint,
    watching: false,
    get closed() {
      return socket.destroyed;
    },
    send: sender(socket) as (event: IpcEvent) => void,
    onClose: (listener: () => void) => {
      closeListeners.add(listener);
      return () => void closeListeners.delete(listener);
    },
  };
  socket.once('close', () => {
    for (const l of [...closeListeners]) l();
    closeListeners.clear();
  });
  return connection;
}

/** Sends, and disconnects a client that has stopped reading. */
function sender(socket: Socket): (message: unknown) => void {
  return (message) => {
    writeLine(socket, message);
    if (socket.writableLength > FLOW.outMax) socket.destroy();
  };
}

/** The flow control of one connection (FLOW): `ready` before each line, `settled` after each answer. */
function flowOf(socket: Socket, reader: () => LineReader | undefined) {
  let inflight = 0;
  let bucket: number = FLOW.burst;
  let at = performance.now();
  let waiting = false;
  let draining = false;
  const later = (ms: number) => {
    if (waiting) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      reader()?.resume();
    }, ms).unref();
  };
  return {
    ready: () => {
      if (inflight >= FLOW.inflight) return false;
      if (socket.writableLength > FLOW.outPause) {
        if (!draining) {
          draining = true;
          socket.once('drain', () => {
            draining = false;
            reader()?.resume();
          });
        }
        return false;
      }
      const now = performance.now();
      bucket = Math.min(FLOW.burst, bucket + ((now - at) / 1000) * FLOW.perSecond);
      at = now;
      if (bucket < 1) {
        later(Math.ceil(((1 - bucket) / FLOW.perSecond) * 1000));
        return false;
      }
      bucket -= 1;
      inflight++;
      return true;
    },
    settled: () => {
      inflight--;
      reader()?.resume();
    },
  };
}

function serve(endpoint: Endpoint, options: IpcServerOptions, sockets: Set<Socket>): Server {
  const budget = endpoint === 'patron' ? new ConnectionBudget() : undefined;
  const server = createServer((socket) => {
    sockets.add(socket);
    const member: Member | undefined = budget?.admit(socket);
    const unsubscribers: Array<() => void> = [];
    const connection = connectionOf(endpoint, socket);
    const send = sender(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (member) budget?.release(member);
      for (const u of unsubscribers) u();
    });
    socket.on('error', () => socket.destroy());
    // The reader is made below; the flow control resumes it only later, from callbacks.
    const flow = flowOf(socket, () => reader);
    const answer = (message: unknown) => {
      send(message);
      flow.settled();
      if (member) budget?.answered(member);
    };
    const reader: LineReader = readLines(
      socket,
      IPC_MAX_LINE,
      (line) => {
        if (member) member.spoke = true;
        const checked = checkRequest(line);
        if (!('request' in checked)) {
          answer({ id: checked.id, ok: false, code: checked.code, field: checked.field });
          return;
        }
        const { request } = checked;
        const accountToken = 'accountToken' in request ? request.accountToken : undefined;
        const uid = accountToken === undefined ? undefined : options.accountOf?.(accountToken);
        if (member && uid !== undefined) budget?.authenticate(member, uid);
        const privileged = endpoint === 'privileged' || options.tokenValid(request.token);
        if (!privileged && !acceptedWithoutToken(request)) {
          answer({ id: request.id, ok: false, code: 'E_FORBIDDEN' });
          return;
        }
        const caller: Caller = {
          privileged,
          endpoint,
          connection,
          watch: (subscribe) => {
            connection.watching = true;
            unsubscribers.push(subscribe((event) => send(event)));
          },
        };
        options.handler(request, caller).then(
          (result) => answer({ id: request.id, ok: true, result }),
          // E_LOCKED (staff-pin.ts StaffLockedError) carries the seconds until a PIN is checked again.
          (error: unknown) =>
            answer({
              id: request.id,
              ok: false,
              code: codeOf(error),
              ...(error instanceof TabulaError && 'retryAfterSec' in error ? { retryAfterSec: error.retryAfterSec } : {}),
            }),
        );
      },
      () => {
        send({ id: -1, ok: false, code: 'E_BAD_REQUEST', field: '(line too long)' });
        socket.end();
      },
      flow.ready,
    );
  });
  server.maxConnections = MAX_CONNECTIONS[endpoint];
  return server;
}

export async function startIpcServer(options: IpcServerOptions): Promise<IpcServer> {
  const addresses = ipcAddresses(options.stateDir);
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  for (const [endpoint, address, mode] of [
    ['privileged', addresses.privileged, 0o660],
    ['patron', addresses.patron, 0o666],
  ] as const) {
    await clearStale(address);
    const server = serve(endpoint, options, sockets);
    await listen(server, endpoint, address, mode);
    servers.push(server);
    if (process.platform !== 'win32') {
      if (endpoint === 'privileged' && options.staffGid !== undefined && process.geteuid?.() === 0) chownSync(address, 0, options.staffGid);
      chmodSync(address, mode);
    }
  }
  return {
    addresses,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
