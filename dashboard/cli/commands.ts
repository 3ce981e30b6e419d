/** The `tabula-dashboard` commands: serve, user add, token create, device revoke, stats, purge. */
import { DeviceId, SiteId } from '../../protocol/report.js';
import { buildApp } from '../server/app.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../server/auth/passwords.js';
import { randomToken, sha256 } from '../server/auth/secrets.js';
import { UserName } from '../api/schema.js';
import { openStore, resolveDbUrl } from '../server/store/open-store.js';
import { TOKEN_ID_LENGTH, tokenIdOf, type Role, type Store } from '../server/store/store.js';
import { CommandFailure, flag, intFlag, UsageError, type ParsedArgs } from './args.js';
import { plural } from '../../protocol/plural.js';

const SITE = new RegExp(SiteId.pattern as string);
const DEVICE = new RegExp(DeviceId.pattern as string);
const USER = new RegExp(UserName.pattern as string);
const TOKEN_ID = new RegExp(`^[0-9a-f]{${TOKEN_ID_LENGTH}}$`);
export const DEFAULT_RETENTION_DAYS = 400;

export async function withStore<T>(args: ParsedArgs, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(resolveDbUrl(flag(args, 'db'), flag(args, 'data')));
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (chunks.reduce((n, c) => n + c.length, 0) > 4096) break;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function userAdd(args: ParsedArgs): Promise<void> {
  const name = args.positional[0];
  if (!name || !USER.test(name) || args.positional.length !== 1) throw new UsageError('user add NAME: letters, digits, . _ @ - (up to 64)');
  const role = flag(args, 'role');
  if (role !== 'admin' && role !== 'staff') throw new UsageError('--role must be admin or staff');
  const sites = args.flags.get('site') ?? [];
  if (sites.some((s) => !SITE.test(s))) throw new UsageError('--site must be a site id (lowercase letters, digits, -)');
  if (role === 'staff' && sites.length === 0) throw new UsageError('staff need at least one --site');
  if (role === 'admin' && sites.length > 0) throw new UsageError('an admin sees every site; drop --site');
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter; use --password-stdin to pipe it): ');
  const password = await readStdin();
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(`the password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(password);
  await withStore(args, (store) => store.addUser({ name, role: role as Role, passwordHash, sites }, Date.now()));
  process.stderr.write(`tabula-dashboard: user ${name} saved (${role})\n`);
}

/** Ends a departed staff member's access at once: the account and its sessions go; exit 1 if unknown. */
export async function userRemove(args: ParsedArgs): Promise<void> {
  const name = args.positional[0];
  if (!name || !USER.test(name) || args.positional.length !== 1) throw new UsageError('user remove NAME');
  if (!(await withStore(args, (store) => store.removeUser(name)))) throw new CommandFailure(`no user ${name}`);
  process.stderr.write(`tabula-dashboard: user ${name} removed; their sessions ended\n`);
}

/** Names, roles and sites (never a password hash). */
export async function userList(args: ParsedArgs): Promise<void> {
  const users = await withStore(args, (store) => store.listUsers());
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(users)}\n`);
  else for (const u of users) process.stdout.write(`${u.name}\t${u.role}\t${u.role === 'admin' ? 'all sites' : u.sites.join(',')}\n`);
}

export async function tokenCreate(args: ParsedArgs): Promise<void> {
  const site = flag(args, 'site');
  if (!site || !SITE.test(site)) throw new UsageError('token create --site ID (lowercase letters, digits, -)');
  const uses = intFlag(args, 'uses', 1, 1, 100_000);
  const hours = intFlag(args, 'expires-hours', 24 * 7, 1, 24 * 365);
  const token = randomToken('tbe_');
  const now = Date.now();
  const hash = sha256(token);
  const expiresAt = now + hours * 3_600_000;
  await withStore(args, (store) => store.createEnrollToken({ hash, siteId: site, uses, expiresAt }, now));
  process.stdout.write(`${token}\n`);
  const id = tokenIdOf(hash);
  process.stderr.write(
    `tabula-dashboard: token ${id} for site ${site}: ${uses} use(s), until ${new Date(expiresAt).toISOString()} ` +
      `(token revoke --id ${id} ends it)\n`,
  );
}

/** Enrollment tokens that can still enroll a PC: id (not the token), site, uses left, expiry. */
export async function tokenList(args: ParsedArgs): Promise<void> {
  const tokens = await withStore(args, (store) => store.activeEnrollTokens(Date.now()));
  const rows = tokens.map((t) => ({ ...t, expiresAt: new Date(t.expiresAt).toISOString() }));
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else for (const t of rows) process.stdout.write(`${t.id}\t${t.siteId}\t${t.usesLeft} left\tuntil ${t.expiresAt}\n`);
}

/** A leaked or unneeded token enrolls nothing more; PCs it already enrolled keep working (see device revoke). */
export async function tokenRevoke(args: ParsedArgs): Promise<void> {
  const id = flag(args, 'id');
  if (!id || !TOKEN_ID.test(id)) throw new UsageError(`token revoke --id ID (the ${TOKEN_ID_LENGTH} characters token list shows)`);
  if ((await withStore(args, (store) => store.revokeEnrollToken(id, Date.now()))) === 0) throw new CommandFailure(`no active token ${id}`);
  process.stderr.write(`tabula-dashboard: token ${id} revoked; PCs it enrolled keep their credentials\n`);
}

/** Refuses the device's credential from now on (its reports get 401); exit 1 if it is unknown. */
export async function deviceRevoke(args: ParsedArgs): Promise<void> {
  const id = flag(args, 'device');
  if (!id || !DEVICE.test(id)) throw new UsageError('device revoke --device ID (dev_ and 32 hex digits)');
  const result = await withStore(args, async (store) => {
    const device = await store.deviceById(id);
    if (!device) return 'unknown';
    return (await store.revokeDevice(id, Date.now())) ? `revoked (site ${device.siteId})` : 'was already revoked';
  });
  if (result === 'unknown') throw new CommandFailure(`no device ${id}`);
  process.stderr.write(`tabula-dashboard: device ${id} ${result}\n`);
}

export async function stats(args: ParsedArgs): Promise<void> {
  const s = await withStore(args, (store) => store.stats());
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(s)}\n`);
  else
    process.stdout.write(
      `sites ${s.sites}\ndevices ${s.devices}\nwipes ${s.wipes}\nfailed wipes ${s.failedWipes}\nfailures ${s.failures}\n`,
    );
}

export async function purge(args: ParsedArgs): Promise<void> {
  const days = intFlag(args, 'retention-days', DEFAULT_RETENTION_DAYS, 1, 36_500);
  const r = await withStore(args, (store) => store.purge(days, Date.now()));
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else
    process.stdout.write(
      `purged ${plural(r.hourlyRows, 'hourly row')} older than ${plural(days, 'day')}, ${plural(r.reportKeys, 'report key')}, ${plural(r.sessions, 'session')}, ${plural(r.tokens, 'token')}\n`,
    );
}

export async function serve(args: ParsedArgs): Promise<void> {
  const port = intFlag(args, 'port', 8080, 0, 65_535);
  const host = flag(args, 'host') ?? '127.0.0.1';
  const retention = intFlag(args, 'retention-days', DEFAULT_RETENTION_DAYS, 1, 36_500);
  const store = openStore(resolveDbUrl(flag(args, 'db'), flag(args, 'data')));
  await store.migrate();
  const app = await buildApp({
    store,
    logger: flag(args, 'log') !== undefined,
    secureCookies: flag(args, 'insecure-cookies') === undefined,
    silentAfterHours: intFlag(args, 'silent-hours', 72, 1, 24 * 90),
    trustProxy: flag(args, 'trust-proxy') !== undefined,
    publicOrigin: flag(args, 'public-origin'),
  });
  const purgeNow = () => store.purge(retention, Date.now()).catch(() => process.stderr.write('tabula-dashboard: purge failed\n'));
  await purgeNow();
  const timer = setInterval(purgeNow, 24 * 3_600_000);
  timer.unref();
  const address = await app.listen({ port, host });
  process.stderr.write(`tabula-dashboard: listening on ${address} (${store.kind})\n`);
  const stop = () => {
    clearInterval(timer);
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
