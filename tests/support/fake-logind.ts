/**
 * A private D-Bus bus and a fake systemd-logind on it, for tests of the logind source and of the
 * service end to end. `startPrivateBus` runs `dbus-daemon --session --nofork --print-address` on a
 * socket in a temp folder; `FakeLogind` owns org.freedesktop.login1 there and implements what the
 * agent uses: Manager.ListSessions / GetSession / ListUsers, the session objects' properties
 * (Id, Name, User, Class, ...), and the signals SessionNew / SessionRemoved / UserNew /
 * UserRemoved / PrepareForShutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DbusClient, dbusNative, type RawBus } from '../../main/agent/session/sources/dbus-client.js';
import { LOGIN1, LOGIN1_PATH, MANAGER_IFACE, SESSION_IFACE } from '../../main/agent/session/sources/logind.js';

export interface PrivateBus {
  address: string;
  stop(): Promise<void>;
}

/** Starts a private session bus listening on a unix socket in its own temp folder. */
export async function startPrivateBus(dbusDaemon = 'dbus-daemon'): Promise<PrivateBus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tabula-dbus-'));
  const child: ChildProcess = spawn(
    dbusDaemon,
    ['--session', '--nofork', '--print-address', `--address=unix:path=${path.join(dir, 'bus')}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dbus-daemon did not print its address: ${stderr}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited (${code}): ${stderr}`));
    });
  });
  return {
    address,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface FakeSession {
  id: string;
  uid: number;
  user: string;
  seat?: string;
  /** logind session class; default 'user'. */
  sessionClass?: string;
  type?: string;
}

/** logind's object path escaping (bus_path_encode): non-alphanumerics and a leading digit as _xx. */
export function sessionPath(id: string): string {
  const encoded = [...id]
    .map((c, i) => (/[A-Za-z]/.test(c) || (/[0-9]/.test(c) && i > 0) ? c : `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
    .join('');
  return `${LOGIN1_PATH}/session/${encoded}`;
}

function userPath(uid: number): string {
  return `${LOGIN1_PATH}/user/_${uid}`;
}

const MANAGER_DESCRIPTION = {
  name: MANAGER_IFACE,
  methods: {
    ListSessions: ['', 'a(susso)', [], ['sessions']],
    GetSession: ['s', 'o', ['session_id'], ['object_path']],
    ListUsers: ['', 'a(uso)', [], ['users']],
  },
  signals: {
    SessionNew: ['so', 'session_id', 'object_path'],
    SessionRemoved: ['so', 'session_id', 'object_path'],
    UserNew: ['uo', 'uid', 'object_path'],
    UserRemoved: ['uo', 'uid', 'object_path'],
    PrepareForShutdown: ['b', 'start'],
  },
  properties: {},
};

const SESSION_DESCRIPTION = {
  name: SESSION_IFACE,
  methods: {},
  signals: {},
  properties: { Id: 's', Name: 's', User: '(uo)', Class: 's', Type: 's', Seat: '(so)', Remote: 'b', Active: 'b', State: 's' },
};

export class FakeLogind {
  private readonly sessions = new Map<string, FakeSession>();
  private readonly manager = new EventEmitter();

  private constructor(
    private readonly bus: RawBus,
    private readonly client: DbusClient,
  ) {}

  /** Connects to `address`, exports the manager and takes the name org.freedesktop.login1. */
  static async start(address: string, initial: FakeSession[] = []): Promise<FakeLogind> {
    const client = await DbusClient.connect(address);
    const fake = new FakeLogind(client.bus, client);
    for (const s of initial) fake.exportSession(s);
    fake.exportManager();
    await new Promise<void>((resolve, reject) =>
      client.bus.requestName(LOGIN1, 0x4, (error, code) =>
        error || code !== 1 ? reject(new Error(`RequestName failed (${code})`)) : resolve(),
      ),
    );
    return fake;
  }

  private exportManager(): void {
    const sessions = this.sessions;
    const impl = Object.assign(this.manager, {
      ListSessions: () => [...sessions.values()].map((s) => [s.id, s.uid, s.user, s.seat ?? '', sessionPath(s.id)]),
      GetSession: (id: string) => {
        if (!sessions.has(id)) return Object.assign(new Error('No session found'), { dbusName: 'org.freedesktop.login1.NoSuchSession' });
        return sessionPath(id);
      },
      ListUsers: () => {
        const users = new Map<number, string>();
        for (const s of sessions.values()) users.set(s.uid, s.user);
        return [...users].map(([uid, name]) => [uid, name, userPath(uid)]);
      },
    });
    this.bus.exportInterface(impl, LOGIN1_PATH, MANAGER_DESCRIPTION);
  }

  private exportSession(s: FakeSession): void {
    this.sessions.set(s.id, s);
    const props = {
      Id: s.id,
      Name: s.user,
      User: [s.uid, userPath(s.uid)],
      Class: s.sessionClass ?? 'user',
      Type: s.type ?? 'x11',
      Seat: [s.seat ?? '', s.seat ? `${LOGIN1_PATH}/seat/${s.seat}` : '/'],
      Remote: false,
      Active: true,
      State: 'active',
    };
    this.bus.exportInterface(props, sessionPath(s.id), SESSION_DESCRIPTION);
  }

  private hasUser(uid: number): boolean {
    return [...this.sessions.values()].some((s) => s.uid === uid);
  }

  /** Creates the session (object first, like logind) and emits UserNew (first session) and SessionNew. */
  addSession(s: FakeSession): void {
    const newUser = !this.hasUser(s.uid);
    this.exportSession(s);
    if (newUser) this.manager.emit('UserNew', s.uid, userPath(s.uid));
    this.manager.emit('SessionNew', s.id, sessionPath(s.id));
  }

  /** Emits SessionRemoved and drops the object; with `removeUser`, UserRemoved after the user's last session. */
  removeSession(id: string, options: { removeUser?: boolean } = {}): void {
    const s = this.sessions.get(id);
    if (!s) throw new Error('unknown fake session');
    this.sessions.delete(id);
    delete (this.bus as unknown as { exportedObjects: Record<string, unknown> }).exportedObjects[sessionPath(id)];
    this.manager.emit('SessionRemoved', id, sessionPath(id));
    if (options.removeUser && !this.hasUser(s.uid)) this.manager.emit('UserRemoved', s.uid, userPath(s.uid));
  }

  prepareForShutdown(start = true): void {
    this.manager.emit('PrepareForShutdown', start);
  }

  async stop(): Promise<void> {
    this.client.close();
  }
}

/** A raw connection for sending forged signals (tests that only the name owner is believed). */
export async function connectRaw(address: string): Promise<RawBus> {
  const client = await DbusClient.connect(address);
  return client.bus;
}

export { dbusNative };
