/**
 * Names: staff rename a PC of their sites (the agent's `pcLabel` shows again when the rename is
 * cleared with `label: null`); administrators give a site a display name shown beside its id.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeviceParams, DeviceRenamed, NameSite, Rename, SiteNamed, SiteParams } from '../../api/schema.js';
import { canSee, requireCsrf, requireUser, visibleSite } from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';

export function labelRoutes(server: FastifyInstance, ctx: AppContext, session: { onRequest: (r: FastifyRequest) => Promise<void> }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/devices/:id/label',
    { ...session, schema: { params: DeviceParams, body: Rename, response: { 200: DeviceRenamed } } },
    async (request) => {
      const user = requireUser(request);
      requireCsrf(ctx, request);
      const { id } = request.params;
      const { label } = request.body;
      const device = await ctx.store.deviceById(id);
      if (!device) throw new ApiFailure(user.role === 'admin' ? 'E_NOT_FOUND' : 'E_FORBIDDEN');
      if (!canSee(user, device.siteId)) throw new ApiFailure('E_FORBIDDEN');
      await ctx.store.renameDevice(id, label);
      request.log.info({ event: 'device.renamed', site: device.siteId });
      return { ok: true as const, deviceId: id, label };
    },
  );

  app.post(
    '/api/v1/sites/:id/name',
    { ...session, schema: { params: SiteParams, body: NameSite, response: { 200: SiteNamed } } },
    async (request) => {
      const user = requireUser(request);
      const id = visibleSite(request);
      requireCsrf(ctx, request);
      if (user.role !== 'admin') throw new ApiFailure('E_FORBIDDEN');
      const { name } = request.body;
      if (!(await ctx.store.nameSite(id, name))) throw new ApiFailure('E_NOT_FOUND');
      return { ok: true as const, siteId: id, name };
    },
  );
}
