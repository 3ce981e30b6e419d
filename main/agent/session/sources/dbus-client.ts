/**
 * A small typed face over `@homebridge/dbus-native` (pure JS, no native addon): connect to a bus
 * address, call methods, receive signals. The library's own typings cover little, so the part we
 * use is described here. Imported statically (not through `createRequire`) so that the agent's
 * bundle (scripts/bundle-agent.mjs) holds it too.
 */
import dbusNativeModule from '@homebridge/dbus-native';

/** A message as the library delivers it. */
export interface DbusMessage {
  type: number;
  serial: number;
  sender?: string;
  path?: string;
  interface?: string;
  member?: string;
  signature?: string;
  body?: unknown[];
}

interface RawConnection {
  on(event: 'message', listener: (msg: DbusMessage) => void): void;
  on(event: 'error' | 'end' | 'connect', listener: (arg?: unknown) => void): void;
  removeListener(event: string, listener: (...args: never[]) => void): void;
  end(): void;
  /** Sends a raw message (tests forge signals with it). */
  message?(msg: Record<string, unknown>): void;
}

/** The library's MessageBus, the part we use. */
export interface RawBus {
  connection: RawConnection;
  name?: string;
  invoke(
    msg: Record<string, unknown>,
    callback: (error: { name?: string; message?: string } | null | undefined, ...values: unknown[]) => void,
  ): void;
  exportInterface(obj: object, path: string, iface: Record<string, unknown>): void;
  requestName(name: string, flags: number, callback: (error: unknown, code?: number) => void): void;
}

interface DbusModule {
  createClient(options: { busAddress: string; authMethods?: string[] }): RawBus;
  messageType: { methodCall: number; methodReturn: number; error: number; signal: number };
}

export const dbusNative = dbusNativeModule as unknown as DbusModule;

export const SIGNAL = dbusNative.messageType.signal;

export const DEFAULT_SYSTEM_BUS = 'unix:path=/var/run/dbus/system_bus_socket';

/** Error whose text is fixed: D-Bus error bodies may carry names, so they are not copied. */
export class DbusCallError extends Error {
  constructor(
    readonly dbusName: string | undefined,
    member: string,
  ) {
    super(`D-Bus call ${member} failed${dbusName ? ` (${dbusName})` : ''}`);
    this.name = 'DbusCallError';
  }
}

export class DbusClient {
  private constructor(readonly bus: RawBus) {}

  /** Connects and waits for the bus Hello (so a refused connection rejects here, not later). */
  static connect(busAddress: string, timeoutMs = 5_000): Promise<DbusClient> {
    return new Promise((resolve, reject) => {
      let bus: RawBus;
      try {
        bus = dbusNative.createClient({ busAddress, authMethods: ['EXTERNAL'] });
      } catch {
        reject(new Error('D-Bus address is not usable'));
        return;
      }
      const client = new DbusClient(bus);
      const fail = () => {
        clearTimeout(timer);
        client.close();
        reject(new Error('cannot connect to the D-Bus bus'));
      };
      const timer = setTimeout(fail, timeoutMs);
      bus.connection.on('error', fail);
      // GetId succeeds only once Hello went through.
      client
        .call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' })
        .then(() => {
          clearTimeout(timer);
          bus.connection.removeListener('error', fail);
          bus.connection.on('error', () => {}); // later stream errors surface as 'end'
          resolve(client);
        }, fail);
    });
  }

  call(msg: {
    destination: string;
    path: string;
    interface: string;
    member: string;
    signature?: string;
    body?: unknown[];
  }): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.bus.invoke({ ...msg }, (error, ...values) => {
        if (error) reject(new DbusCallError(error.name, msg.member));
        else resolve(values);
      });
    });
  }

  addMatch(rule: string): Promise<unknown[]> {
    return this.call({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: [rule],
    });
  }

  async nameOwner(name: string): Promise<string | undefined> {
    try {
      const [owner] = await this.call({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'GetNameOwner',
        signature: 's',
        body: [name],
      });
      return typeof owner === 'string' ? owner : undefined;
    } catch {
      return undefined;
    }
  }

  onMessage(listener: (msg: DbusMessage) => void): void {
    this.bus.connection.on('message', listener);
  }

  onEnd(listener: () => void): void {
    this.bus.connection.on('end', listener);
  }

  close(): void {
    try {
      this.bus.connection.end();
    } catch {
      // already closed
    }
  }
}

/** A variant as the library unmarshals it: `[signatureTree, [value]]`. */
export function variantValue(variant: unknown): unknown {
  if (Array.isArray(variant) && variant.length === 2 && Array.isArray(variant[1])) return variant[1][0];
  return variant;
}
