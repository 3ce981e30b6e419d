/**
 * systemd-logind over D-Bus: SessionNew / SessionRemoved / UserRemoved / PrepareForShutdown from
 * org.freedesktop.login1.Manager become start / end / shutdown events.
 *
 * - A user's session starts with their first login session and ends when the last one is removed
 *   (or logind says the user is gone). Greeter, lock-screen and systemd 256 "manager" sessions
 *   don't count (session-class.ts).
 * - Names come from the session object (Name, User, Class) read on SessionNew, and from
 *   ListSessions at start and whenever logind restarts; SessionRemoved uses that map, because the
 *   object is gone by then.
 * - Only signals sent by the current owner of org.freedesktop.login1 are believed.
 * - Accounts stay in memory; errors and `onError` events carry fixed text only.
 */
import type { SessionEvent, SessionSource } from '../types.js';
import { DbusClient, DEFAULT_SYSTEM_BUS, SIGNAL, variantValue, type DbusMessage } from './dbus-client.js';
import { isLoginClass } from './session-class.js';

export const LOGIN1 = 'org.freedesktop.login1';
export const LOGIN1_PATH = '/org/freedesktop/login1';
export const MANAGER_IFACE = 'org.freedesktop.login1.Manager';
export const SESSION_IFACE = 'org.freedesktop.login1.Session';
const WATCHED = ['SessionNew', 'SessionRemoved', 'UserRemoved', 'PrepareForShutdown'] as const;

export interface LogindOptions {
  /** D-Bus address; default $DBUS_SYSTEM_BUS_ADDRESS or the system bus socket. */
  busAddress?: string;
  /** Delay before reconnecting after the bus went away (ms). */
  reconnectMs?: number;
  /** Fixed event names for the service log ('logind.connect-failed', ...); never patron data. */
  onError?: (event: string) => void;
}

interface KnownSession {
  user: string;
  uid: number;
  login: boolean;
}

export class LogindSource implements SessionSource {
  readonly name = 'logind';
  private client: DbusClient | undefined;
  private emit: ((event: SessionEvent) => void) | undefined;
  private owner: string | undefined;
  private readonly sessions = new Map<string, KnownSession>();
  /** Accounts with an emitted `start` and no `end` since. */
  private readonly active = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: LogindOptions = {}) {}

  private get address(): string {
    return this.options.busAddress ?? process.env.DBUS_SYSTEM_BUS_ADDRESS ?? DEFAULT_SYSTEM_BUS;
  }

  /** Connects, subscribes, then reports accounts already logged in as `start`. Rejects if the bus is unreachable. */
  async start(emit: (event: SessionEvent) => void): Promise<void> {
    this.emit = emit;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.client?.close();
    this.client = undefined;
    await this.queue;
    this.emit = undefined;
  }

  /** Resolves when every signal received so far has been handled (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async connect(): Promise<void> {
    const client = await DbusClient.connect(this.address);
    if (this.stopped) {
      client.close();
      return;
    }
    this.client = client;
    client.onMessage((msg) => this.onMessage(msg));
    client.onEnd(() => this.onDisconnect(client));
    for (const member of WATCHED) {
      await client.addMatch(`type='signal',sender='${LOGIN1}',path='${LOGIN1_PATH}',interface='${MANAGER_IFACE}',member='${member}'`);
    }
    await client.addMatch(
      `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${LOGIN1}'`,
    );
    this.owner = await client.nameOwner(LOGIN1);
    if (this.owner) this.enqueue(() => this.resync());
    else this.options.onError?.('logind.not-running');
    await this.queue;
  }

  private onDisconnect(client: DbusClient): void {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    this.options.onError?.('logind.disconnected');
    const retry = () => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      this.connect().catch(() => {
        this.options.onError?.('logind.connect-failed');
        this.reconnectTimer = setTimeout(retry, this.options.reconnectMs ?? 5_000);
      });
    };
    this.reconnectTimer = setTimeout(retry, this.options.reconnectMs ?? 5_000);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch(() => this.options.onError?.('logind.event-failed'));
  }

  private onMessage(msg: DbusMessage): void {
    if (msg.type !== SIGNAL) return;
    const body = msg.body ?? [];
    if (msg.interface === 'org.freedesktop.DBus' && msg.member === 'NameOwnerChanged' && body[0] === LOGIN1) {
      if (msg.sender !== 'org.freedesktop.DBus' && msg.sender !== undefined) return;
      const newOwner = typeof body[2] === 'string' && body[2] !== '' ? body[2] : undefined;
      this.owner = newOwner;
      if (newOwner) this.enqueue(() => this.resync());
      return;
    }
    if (msg.interface !== MANAGER_IFACE || msg.path !== LOGIN1_PATH) return;
    if (!this.owner || msg.sender !== this.owner) return;
    switch (msg.member) {
      case 'SessionNew':
        if (typeof body[0] === 'string') {
          const id = body[0];
          const path = typeof body[1] === 'string' ? body[1] : undefined;
          this.enqueue(() => this.sessionNew(id, path));
        }
        break;
      case 'SessionRemoved':
        if (typeof body[0] === 'string') {
          const id = body[0];
          this.enqueue(async () => this.sessionRemoved(id));
        }
        break;
      case 'UserRemoved':
        if (typeof body[0] === 'number') {
          const uid = body[0];
          this.enqueue(async () => this.userRemoved(uid));
        }
        break;
      case 'PrepareForShutdown':
        if (body[0] === true) this.enqueue(async () => this.send({ kind: 'shutdown', trigger: 'logout', source: this.name }));
        break;
    }
  }

  private send(event: SessionEvent): void {
    try {
      this.emit?.(event);
    } catch {
      this.options.onError?.('logind.emit-failed');
    }
  }

  private add(id: string, session: KnownSession): void {
    this.sessions.set(id, session);
    if (session.login && !this.active.has(session.user)) {
      this.active.add(session.user);
      this.send({ kind: 'start', account: session.user, trigger: 'logout', source: this.name });
    }
  }

  private endIfLast(user: string): void {
    const remaining = [...this.sessions.values()].some((s) => s.user === user && s.login);
    if (!remaining && this.active.delete(user)) this.send({ kind: 'end', account: user, trigger: 'logout', source: this.name });
  }

  private async sessionNew(id: string, path: string | undefined): Promise<void> {
    const objectPath = path ?? (await this.getSessionPath(id));
    const session = objectPath ? await this.readSession(objectPath) : undefined;
    if (session) this.add(id, session);
    else await this.resync(); // the object vanished or is unreadable: fall back to the list
  }

  private sessionRemoved(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.endIfLast(session.user);
  }

  private userRemoved(uid: number): void {
    const users = new Set<string>();
    for (const [id, s] of this.sessions) {
      if (s.uid !== uid) continue;
      users.add(s.user);
      this.sessions.delete(id);
    }
    for (const user of users) this.endIfLast(user);
  }

  /** Rebuilds the map from ListSessions; accounts that appeared start, accounts that vanished end. */
  private async resync(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const [list] = await client.call({ destination: LOGIN1, path: LOGIN1_PATH, interface: MANAGER_IFACE, member: 'ListSessions' });
    const seen = new Set<string>();
    for (const row of Array.isArray(list) ? list : []) {
      if (!Array.isArray(row)) continue;
      const [id, uid, user, , path] = row as [unknown, unknown, unknown, unknown, unknown];
      if (typeof id !== 'string' || typeof uid !== 'number' || typeof user !== 'string') continue;
      seen.add(id);
      if (this.sessions.has(id)) continue;
      const login = typeof path === 'string' ? (await this.readSession(path))?.login : undefined;
      this.add(id, { user, uid, login: login ?? true });
    }
    for (const [id, s] of [...this.sessions]) {
      if (seen.has(id)) continue;
      this.sessions.delete(id);
      this.endIfLast(s.user);
    }
  }

  private async getSessionPath(id: string): Promise<string | undefined> {
    try {
      const [path] =
        (await this.client?.call({
          destination: LOGIN1,
          path: LOGIN1_PATH,
          interface: MANAGER_IFACE,
          member: 'GetSession',
          signature: 's',
          body: [id],
        })) ?? [];
      return typeof path === 'string' ? path : undefined;
    } catch {
      return undefined;
    }
  }

  private async readSession(path: string): Promise<KnownSession | undefined> {
    try {
      const [props] =
        (await this.client?.call({
          destination: LOGIN1,
          path,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'GetAll',
          signature: 's',
          body: [SESSION_IFACE],
        })) ?? [];
      const values = new Map<string, unknown>();
      for (const entry of Array.isArray(props) ? props : []) {
        if (Array.isArray(entry) && typeof entry[0] === 'string') values.set(entry[0], variantValue(entry[1]));
      }
      const name = values.get('Name');
      const user = values.get('User');
      const uid = Array.isArray(user) && typeof user[0] === 'number' ? user[0] : undefined;
      const sessionClass = values.get('Class');
      if (typeof name !== 'string' || name === '' || uid === undefined) return undefined;
      return { user: name, uid, login: isLoginClass(typeof sessionClass === 'string' ? sessionClass : undefined) };
    } catch {
      return undefined;
    }
  }
}

export function createLogindSource(options: LogindOptions = {}): LogindSource {
  return new LogindSource(options);
}
