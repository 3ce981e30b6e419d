/**
 * Names: staff rename a PC of their sites (the agent's `pcLabel` shows again when the rename is
 * cleared with `label: null`); administrators give a site a display name shown beside its id.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeviceId, PcLabel } from '../../../protocol/report.js';
import { canSee, requireCsrf, requireUser, visibleSite } from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { SiteParams } from './params.js';

const DeviceParams = Type.Object({ id: DeviceId }, { additionalProperties: false });
const Rename = Type.Object({ label: Type.Union([PcLabel, Type.Null()]) }, { additionalProperties: false });
/** A display name: printable text without control characters or markup brackets, 1 to 80 characters. */
export const SiteName = Type.String({ minLength: 1, maxLength: 80, pattern: '^[^\\u0000-\\u001f\\u007f<>]*[^\\s\\u0000-\\u001f\\u007f<>]$' });
const NameSite = Type.Object({ name: Type.Union([SiteName, Type.Null()]) }, { additionalProperties: false });

export function labelRoutes(app: FastifyInstance, ctx: AppContext, session: { onRequest: (r: FastifyRequest) => Promise<void> }): void {
  app.post('/api/v1/devices/:id/label', { ...session, schema: { params: DeviceParams, body: Rename } }, async (request) => {
    const user = requireUser(request);
    requireCsrf(ctx, request);
    const { id } = request.params as Static<typeof DeviceParams>;
    const { label } = request.body as Static<typeof Rename>;
    const device = await ctx.store.deviceById(id);
    if (!device) throw new ApiFailure(user.role === 'admin' ? 'E_NOT_FOUND' : 'E_FORBIDDEN');
    if (!canSee(user, device.siteId)) throw new ApiFailure('E_FORBIDDEN');
    await ctx.store.renameDevice(id, label);
    request.log.info({ event: 'device.renamed', site: device.siteId });
    return { ok: true, deviceId: id, label };
  });

  app.post('/api/v1/sites/:id/name', { ...session, schema: { params: SiteParams, body: NameSite } }, async (request) => {
    const user = requireUser(request);
    const id = visibleSite(request);
    requireCsrf(ctx, request);
    if (user.role !== 'admin') throw new ApiFailure('E_FORBIDDEN');
    const { name } = request.body as Static<typeof NameSite>;
    if (!(await ctx.store.nameSite(id, name))) throw new ApiFailure('E_NOT_FOUND');
    return { ok: true, siteId: id, name };
  });
}
