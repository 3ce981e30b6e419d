/** Staff-facing API for the web UI: login/logout, overview, site drill-down, tokens, device revoke, CSV. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorHelp } from '../../../protocol/error-help.js';
import { DeviceId } from '../../../protocol/report.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { dummyHash, MAX_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.js';
import { sha256 } from '../auth/secrets.js';
import {
  canSee, checkOrigin, csrfTokenFor, endSessionCookie, loadSession, requireCsrf, requireUser, scopeOf, startSession, visibleSite,
} from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { UserRecord } from '../store/store.js';
import { siteCsv } from '../site-csv.js';
import { SiteParams, UserName } from './params.js';
import { alertRoutes } from './alert-routes.js';
import { labelRoutes } from './label-routes.js';
import { tokenRoutes } from './token-routes.js';

const Login = Type.Object({ name: UserName, password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false });
const DeviceParams = Type.Object({ id: DeviceId }, { additionalProperties: false });
const Days = Type.Object({ days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })) }, { additionalProperties: false });

function me(ctx: AppContext, user: UserRecord, sessionId: string) {
  return { ok: true, user: { name: user.name, role: user.role, sites: user.sites }, csrfToken: csrfTokenFor(ctx, sessionId) };
}

function days(request: FastifyRequest, fallback: number): number {
  const raw = (request.query as Static<typeof Days>).days;
  return Math.min(raw === undefined ? fallback : Number(raw), 400);
}

export function uiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const throttle: LoginThrottle = ctx.throttle;
  const session = { onRequest: async (request: FastifyRequest) => loadSession(ctx, request) };
  const window = (request: FastifyRequest, fallback: number) => ({ now: ctx.now(), silentAfterMs: ctx.silentAfterMs, days: days(request, fallback) });

  app.post('/api/v1/login', { schema: { body: Login }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    checkOrigin(ctx, request);
    const { name, password } = request.body as Static<typeof Login>;
    const attempt = { name, ip: request.ip };
    const now = ctx.now();
    const waitMs = throttle.waitMs(attempt, now);
    if (waitMs > 0) {
      ctx.metrics.inc('tabula_dashboard_logins_total', { result: 'throttled' });
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new ApiFailure('E_RATE_LIMITED');
    }
    const user = await ctx.store.userByName(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      throttle.fail(attempt, now);
      ctx.metrics.inc('tabula_dashboard_logins_total', { result: 'refused' });
      throw new ApiFailure('E_UNAUTHENTICATED');
    }
    throttle.succeed(attempt, now);
    ctx.metrics.inc('tabula_dashboard_logins_total', { result: 'ok' });
    const id = await startSession(ctx, reply, user);
    return me(ctx, user, id);
  });

  app.post('/api/v1/logout', session, async (request, reply) => {
    requireUser(request);
    requireCsrf(ctx, request);
    if (request.sessionId) await ctx.store.deleteSession(sha256(request.sessionId));
    endSessionCookie(ctx, reply);
    return { ok: true };
  });

  app.get('/api/v1/session', session, async (request) => me(ctx, requireUser(request), request.sessionId ?? ''));

  app.get('/api/v1/overview', { ...session, schema: { querystring: Days } }, async (request) => {
    const user = requireUser(request);
    return { ok: true, ...(await ctx.store.overview(scopeOf(user), window(request, 30))) };
  });

  app.get('/api/v1/sites/:id', { ...session, schema: { params: SiteParams, querystring: Days } }, async (request) => {
    const id = visibleSite(request);
    const detail = await ctx.store.siteDetail(id, window(request, 30));
    if (!detail) throw new ApiFailure('E_NOT_FOUND');
    // What each code on the page means and what to do (protocol/error-help.ts), for the codes shown.
    const codes = new Set([...detail.failures.map((f) => f.code), ...detail.devices.flatMap((d) => (d.lastCode ? [d.lastCode] : []))]);
    const errorHelpOf = Object.fromEntries([...codes].sort().flatMap((c) => { const h = errorHelp(c); return h ? [[c, h]] : []; }));
    return { ok: true, ...detail, errorHelp: errorHelpOf };
  });

  tokenRoutes(app, ctx, session);
  labelRoutes(app, ctx, session);
  alertRoutes(app, ctx, session);

  app.get('/api/v1/sites/:id/devices.csv', { ...session, schema: { params: SiteParams } }, async (request, reply) => {
    const id = visibleSite(request);
    const detail = await ctx.store.siteDetail(id, window(request, 7));
    if (!detail) throw new ApiFailure('E_NOT_FOUND');
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="tabula-${id}-devices.csv"`)
      .send(siteCsv(detail));
  });

  // Revoking a PC (stolen, retired, re-imaged): its credential is refused from now on (401) and
  // it leaves the counts; its history stays in the rollups. Staff: PCs of their own sites only.
  app.post('/api/v1/devices/:id/revoke', { ...session, schema: { params: DeviceParams } }, async (request) => {
    const user = requireUser(request);
    requireCsrf(ctx, request);
    const { id } = request.params as Static<typeof DeviceParams>;
    const device = await ctx.store.deviceById(id);
    if (!device) throw new ApiFailure(user.role === 'admin' ? 'E_NOT_FOUND' : 'E_FORBIDDEN');
    if (!canSee(user, device.siteId)) throw new ApiFailure('E_FORBIDDEN');
    const revoked = await ctx.store.revokeDevice(id, ctx.now());
    if (revoked) ctx.metrics.inc('tabula_dashboard_revocations_total', {});
    request.log.info({ event: 'device.revoked', site: device.siteId });
    return { ok: true, deviceId: id, siteId: device.siteId, revoked };
  });
}
