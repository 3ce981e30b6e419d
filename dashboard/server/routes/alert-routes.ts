/**
 * Alert channels of a site, for administrators: list (secrets masked), add a webhook (its HMAC
 * key is answered once) or an e-mail relay, remove one, and send a test message through one.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ChannelAdded, ChannelList, ChannelParams, ChannelTested, Done, NewChannel, SiteParams } from '../../api/schema.js';
import { channelView, ChannelError, checkTarget, newChannelId, newHmacKey, type ChannelTarget } from '../alerts/channels.js';
import { DeliveryError } from '../alerts/send.js';
import { requireCsrf, requireUser, visibleSite } from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { ApiError } from '../../../protocol/report-api.js';

function adminSite(request: Pick<FastifyRequest, 'user'> & { params: { id: string } }): string {
  const user = requireUser(request);
  const id = visibleSite(request);
  if (user.role !== 'admin') throw new ApiFailure('E_FORBIDDEN');
  return id;
}

export function alertRoutes(server: FastifyInstance, ctx: AppContext, session: { onRequest: (r: FastifyRequest) => Promise<void> }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/sites/:id/alert-channels',
    { ...session, schema: { params: SiteParams, response: { 200: ChannelList } } },
    async (request) => {
      const id = adminSite(request);
      return { ok: true as const, channels: (await ctx.store.alertChannels(id)).map(channelView) };
    },
  );

  app.post(
    '/api/v1/sites/:id/alert-channels',
    { ...session, schema: { params: SiteParams, body: NewChannel, response: { 200: ChannelAdded, 400: ApiError } } },
    async (request, reply) => {
      const id = adminSite(request);
      requireCsrf(ctx, request);
      if (!(await ctx.store.siteExists(id))) throw new ApiFailure('E_NOT_FOUND');
      const body = request.body;
      let target: ChannelTarget;
      try {
        target = checkTarget(body.kind === 'webhook' ? body : ({ ...body, password: undefined } as ChannelTarget));
      } catch (error) {
        if (error instanceof ChannelError)
          return reply
            .code(400)
            .send({ ok: false as const, code: 'E_BAD_REQUEST', message: `The channel is not valid: ${error.message}.` });
        throw error;
      }
      const hmacKey = body.kind === 'webhook' ? newHmacKey() : null;
      const secret = body.kind === 'webhook' ? hmacKey : (body.password ?? null);
      const record = { id: newChannelId(), siteId: id, target, secret, createdAt: ctx.now() };
      await ctx.store.addAlertChannel(record);
      request.log.info({ event: 'alert.channel-added', site: id, kind: target.kind });
      // The HMAC key is shown this once, so the receiver can check signatures; never again.
      return { ok: true as const, channel: channelView(record), ...(hmacKey === null ? {} : { hmacKey }) };
    },
  );

  app.post(
    '/api/v1/sites/:id/alert-channels/:channel/remove',
    { ...session, schema: { params: ChannelParams, response: { 200: Done } } },
    async (request) => {
      const id = adminSite(request);
      requireCsrf(ctx, request);
      const { channel } = request.params;
      if (!(await ctx.store.removeAlertChannel(channel, id))) throw new ApiFailure('E_NOT_FOUND');
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/sites/:id/alert-channels/:channel/test',
    {
      ...session,
      schema: { params: ChannelParams, response: { 200: ChannelTested } },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request) => {
      const id = adminSite(request);
      requireCsrf(ctx, request);
      const { channel } = request.params;
      const found = (await ctx.store.alertChannels(id)).find((c) => c.id === channel);
      if (!found) throw new ApiFailure('E_NOT_FOUND');
      const detail = (await ctx.store.overview([id], { now: ctx.now(), silentAfterMs: ctx.silentAfterMs, days: 1 })).sites[0];
      try {
        await ctx.alerts.test(found, detail?.name ?? null);
        return { ok: true as const, delivered: true };
      } catch (error) {
        return { ok: true as const, delivered: false, code: error instanceof DeliveryError ? error.code : 'E_ALERT_NETWORK' };
      }
    },
  );
}
