/** Staff-facing API for the web UI: login/logout, overview, site drill-down, tokens, device revoke, CSV. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorHelp } from '../../../protocol/error-help.js';
import { Days, DeviceParams, DeviceRevoked, Done, Login, Me, Overview, SiteDetail, SiteParams } from '../../api/schema.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { dummyHash, verifyPassword } from '../auth/passwords.js';
import { sha256 } from '../auth/secrets.js';
import {
  canSee,
  checkOrigin,
  csrfTokenFor,
  endSessionCookie,
  loadSession,
  requireCsrf,
  requireUser,
  scopeOf,
  startSession,
  visibleSite,
} from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { UserRecord } from '../store/store.js';
import { siteCsv } from '../site-csv.js';
import { alertRoutes } from './alert-routes.js';
import { labelRoutes } from './label-routes.js';
import { tokenRoutes } from './token-routes.js';

function me(ctx: AppContext, user: UserRecord, sessionId: string) {
  return { ok: true as const, user: { name: user.name, role: user.role, sites: user.sites }, csrfToken: csrfTokenFor(ctx, sessionId) };
}

function days(query: Static<typeof Days>, fallback: number): number {
  const raw = query.days;
  return Math.min(raw === undefined ? fallback : Number(raw), 400);
}

export function uiRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const throttle: LoginThrottle = ctx.throttle;
  const session = { onRequest: async (request: FastifyRequest) => loadSession(ctx, request) };
  const window = (query: Static<typeof Days>, fallback: number) => ({
    now: ctx.now(),
    silentAfterMs: ctx.silentAfterMs,
    days: days(query, fallback),
  });

  app.post(
    '/api/v1/login',
    { schema: { body: Login, response: { 200: Me } }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      checkOrigin(ctx, request);
      const { name, password } = request.body;
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
    },
  );

  app.post('/api/v1/logout', { ...session, schema: { response: { 200: Done } } }, async (request, reply) => {
    requireUser(request);
    requireCsrf(ctx, request);
    if (request.sessionId) await ctx.store.deleteSession(sha256(request.sessionId));
    endSessionCookie(ctx, reply);
    return { ok: true as const };
  });

  app.get('/api/v1/session', { ...session, schema: { response: { 200: Me } } }, async (request) =>
    me(ctx, requireUser(request), request.sessionId ?? ''),
  );

  app.get('/api/v1/overview', { ...session, schema: { querystring: Days, response: { 200: Overview } } }, async (request) => {
    const user = requireUser(request);
    return { ok: true as const, ...(await ctx.store.overview(scopeOf(user), window(request.query, 30))) };
  });

  app.get(
    '/api/v1/sites/:id',
    { ...session, schema: { params: SiteParams, querystring: Days, response: { 200: SiteDetail } } },
    async (request) => {
      const id = visibleSite(request);
      const detail = await ctx.store.siteDetail(id, window(request.query, 30));
      if (!detail) throw new ApiFailure('E_NOT_FOUND');
      // What each code on the page means and what to do (protocol/error-help.ts), for the codes shown.
      const codes = new Set([...detail.failures.map((f) => f.code), ...detail.devices.flatMap((d) => (d.lastCode ? [d.lastCode] : []))]);
      const errorHelpOf = Object.fromEntries(
        [...codes].sort().flatMap((c) => {
          const h = errorHelp(c);
          return h ? [[c, h]] : [];
        }),
      );
      return { ok: true as const, ...detail, errorHelp: errorHelpOf };
    },
  );

  tokenRoutes(app, ctx, session);
  labelRoutes(app, ctx, session);
  alertRoutes(app, ctx, session);

  app.get('/api/v1/sites/:id/devices.csv', { ...session, schema: { params: SiteParams, querystring: Days } }, async (request, reply) => {
    const id = visibleSite(request);
    const detail = await ctx.store.siteDetail(id, window(request.query, 7));
    if (!detail) throw new ApiFailure('E_NOT_FOUND');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="tabula-${id}-devices.csv"`)
      .send(siteCsv(detail));
  });

  // Revoking a PC (stolen, retired, re-imaged): its credential is refused from now on (401) and
  // it leaves the counts; its history stays in the rollups. Staff: PCs of their own sites only.
  app.post(
    '/api/v1/devices/:id/revoke',
    { ...session, schema: { params: DeviceParams, response: { 200: DeviceRevoked } } },
    async (request) => {
      const user = requireUser(request);
      requireCsrf(ctx, request);
      const { id } = request.params;
      const device = await ctx.store.deviceById(id);
      if (!device) throw new ApiFailure(user.role === 'admin' ? 'E_NOT_FOUND' : 'E_FORBIDDEN');
      if (!canSee(user, device.siteId)) throw new ApiFailure('E_FORBIDDEN');
      const revoked = await ctx.store.revokeDevice(id, ctx.now());
      if (revoked) ctx.metrics.inc('tabula_dashboard_revocations_total', {});
      request.log.info({ event: 'device.revoked', site: device.siteId });
      return { ok: true as const, deviceId: id, siteId: device.siteId, revoked };
    },
  );
}
