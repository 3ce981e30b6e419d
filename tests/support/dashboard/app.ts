/** A dashboard app on a temp SQLite store, with helpers to enroll devices and log staff in. */
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../../dashboard/server/app.js';
import { hashPassword } from '../../../dashboard/server/auth/passwords.js';
import { randomToken, sha256 } from '../../../dashboard/server/auth/secrets.js';
import { SqliteStore } from '../../../dashboard/server/store/sqlite-store.js';
import type { Role, Store } from '../../../dashboard/server/store/store.js';
import { removeTree, tempDir } from '../tree.js';

export const PASSWORD = 'correct horse battery staple';
/** Cheap scrypt for tests; production uses DEFAULT_SCRYPT. */
const FAST = { N: 1024, r: 8, p: 1 };

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  dir: string;
  close: () => Promise<void>;
}

export async function testApp(options: Partial<AppOptions> = {}, store?: Store): Promise<TestApp> {
  const dir = tempDir('tabula-dash-app-');
  const s = store ?? new SqliteStore(path.join(dir, 'dashboard.sqlite'));
  await s.migrate();
  const app = await buildApp({ store: s, ...options });
  return {
    app,
    store: s,
    dir,
    close: async () => {
      await app.close();
      await s.close();
      removeTree(dir);
    },
  };
}

/** Serves the app on a free loopback port; resolves to its base URL. */
export async function listenOnLoopback(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the dashboard has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export async function newToken(store: Store, siteId: string, uses = 1): Promise<string> {
  const token = randomToken('tbe_');
  await store.createEnrollToken({ hash: sha256(token), siteId, uses, expiresAt: Date.now() + 3_600_000 }, Date.now());
  return token;
}

export interface Enrolled {
  id: string;
  siteId: string;
  credential: string;
}

export async function enroll(t: TestApp, siteId: string): Promise<Enrolled> {
  const token = await newToken(t.store, siteId);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/enroll',
    payload: { v: 1, token, agentVersion: '0.1.0', platform: 'linux' },
  });
  if (res.statusCode !== 200) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { deviceId: string; siteId: string; credential: string };
  return { id: body.deviceId, siteId: body.siteId, credential: body.credential };
}

export function postReports(
  t: TestApp,
  device: Enrolled,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    payload: payload as string,
    headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json', ...headers },
  });
}

export async function addUser(store: Store, name: string, role: Role, sites: string[] = []): Promise<void> {
  await store.addUser({ name, role, sites, passwordHash: await hashPassword(PASSWORD, FAST) }, Date.now());
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function login(t: TestApp, name: string, password = PASSWORD): Promise<LoggedIn> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode}`);
  const cookie = res.cookies.find((c) => c.name === 'tabula_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const header = `tabula_session=${cookie.value}`;
  return { cookie: header, csrf, headers: { cookie: header, 'x-csrf-token': csrf } };
}
