/**
 * Enrollment tokens of a site, for its admins and branch staff: create one (shown once), list the
 * ones that can still enroll a PC (by id: the first 12 hex digits of the stored hash, never the
 * token), revoke one. PCs a revoked token already enrolled keep their credentials.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NewToken, SiteParams, TokenCreated, TokenList, TokenParams, TokenRevoked } from '../../api/schema.js';
import { randomToken, sha256 } from '../auth/secrets.js';
import { requireCsrf, visibleSite } from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { tokenIdOf } from '../store/store.js';

const TOKEN_TTL_HOURS = 24 * 7;

export function tokenRoutes(server: FastifyInstance, ctx: AppContext, session: { onRequest: (r: FastifyRequest) => Promise<void> }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/sites/:id/tokens',
    { ...session, schema: { params: SiteParams, body: NewToken, response: { 200: TokenCreated } } },
    async (request) => {
      const id = visibleSite(request);
      requireCsrf(ctx, request);
      if (!(await ctx.store.siteExists(id))) throw new ApiFailure('E_NOT_FOUND');
      const { body } = request;
      const token = randomToken('tbe_');
      const hash = sha256(token);
      const now = ctx.now();
      const uses = body.uses ?? 1;
      const expiresAt = now + (body.expiresHours ?? TOKEN_TTL_HOURS) * 3_600_000;
      await ctx.store.createEnrollToken({ hash, siteId: id, uses, expiresAt }, now);
      return { ok: true as const, token, id: tokenIdOf(hash), siteId: id, uses, expiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.get('/api/v1/sites/:id/tokens', { ...session, schema: { params: SiteParams, response: { 200: TokenList } } }, async (request) => {
    const id = visibleSite(request);
    if (!(await ctx.store.siteExists(id))) throw new ApiFailure('E_NOT_FOUND');
    const tokens = (await ctx.store.activeEnrollTokens(ctx.now())).filter((t) => t.siteId === id);
    return {
      ok: true as const,
      tokens: tokens.map((t) => ({ id: t.id, usesLeft: t.usesLeft, expiresAt: new Date(t.expiresAt).toISOString() })),
    };
  });

  app.post(
    '/api/v1/sites/:id/tokens/:token/revoke',
    { ...session, schema: { params: TokenParams, response: { 200: TokenRevoked } } },
    async (request) => {
      const id = visibleSite(request);
      requireCsrf(ctx, request);
      const { token } = request.params;
      const revoked = await ctx.store.revokeEnrollToken(token, ctx.now(), id);
      if (revoked === 0) throw new ApiFailure('E_NOT_FOUND');
      request.log.info({ event: 'token.revoked', site: id });
      return { ok: true as const, revoked };
    },
  );
}
