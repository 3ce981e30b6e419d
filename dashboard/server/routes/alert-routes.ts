/**
 * Alert channels of a site, for administrators: list (secrets masked), add a webhook (its HMAC
 * key is answered once) or an e-mail relay, remove one, and send a test message through one.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { channelView, ChannelError, checkTarget, newChannelId, newHmacKey, type ChannelTarget } from '../alerts/channels.js';
import { DeliveryError } from '../alerts/send.js';
import { requireCsrf, requireUser, visibleSite } from '../auth/ui-auth.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { SiteId } from '../../../protocol/report.js';

const closed = { additionalProperties: false } as const;
const Params = Type.Object({ id: SiteId }, closed);
const ChannelParams = Type.Object({ id: SiteId, channel: Type.String({ pattern: '^ach_[0-9a-f]{16}$' }) }, closed);
const NewChannel = Type.Union([
  Type.Object({ kind: Type.Literal('webhook'), url: Type.String({ minLength: 8, maxLength: 2048 }) }, closed),
  Type.Object({
    kind: Type.Literal('email'), host: Type.String({ minLength: 1, maxLength: 253 }), port: Type.Integer({ minimum: 1, maximum: 65535 }),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    from: Type.String({ minLength: 3, maxLength: 320 }), to: Type.Array(Type.String({ minLength: 3, maxLength: 320 }), { minItems: 1, maxItems: 20 }),
    caFile: Type.Optional(Type.String({ minLength: 2, maxLength: 4096 })),
  }, closed),
]);

function adminSite(request: FastifyRequest): string {
  const user = requireUser(request);
  const id = visibleSite(request);
  if (user.role !== 'admin') throw new ApiFailure('E_FORBIDDEN');
  return id;
}

export function alertRoutes(app: FastifyInstance, ctx: AppContext, session: { onRequest: (r: FastifyRequest) => Promise<void> }): void {
  app.get('/api/v1/sites/:id/alert-channels', { ...session, schema: { params: Params } }, async (request) => {
    const id = adminSite(request);
    return { ok: true, channels: (await ctx.store.alertChannels(id)).map(channelView) };
  });

  app.post('/api/v1/sites/:id/alert-channels', { ...session, schema: { params: Params, body: NewChannel } }, async (request, reply) => {
    const id = adminSite(request);
    requireCsrf(ctx, request);
    if (!(await ctx.store.siteExists(id))) throw new ApiFailure('E_NOT_FOUND');
    const body = request.body as Static<typeof NewChannel>;
    let target: ChannelTarget;
    try {
      target = checkTarget(body.kind === 'webhook' ? body : { ...body, password: undefined } as ChannelTarget);
    } catch (error) {
      if (error instanceof ChannelError) return reply.code(400).send({ ok: false, code: 'E_BAD_REQUEST', message: `The channel is not valid: ${error.message}.` });
      throw error;
    }
    const secret = body.kind === 'webhook' ? newHmacKey() : body.password ?? null;
    const record = { id: newChannelId(), siteId: id, target, secret, createdAt: ctx.now() };
    await ctx.store.addAlertChannel(record);
    request.log.info({ event: 'alert.channel-added', site: id, kind: target.kind });
    // The HMAC key is shown this once, so the receiver can check signatures; never again.
    return { ok: true, channel: channelView(record), ...(body.kind === 'webhook' ? { hmacKey: secret } : {}) };
  });

  app.post('/api/v1/sites/:id/alert-channels/:channel/remove', { ...session, schema: { params: ChannelParams } }, async (request) => {
    const id = adminSite(request);
    requireCsrf(ctx, request);
    const { channel } = request.params as Static<typeof ChannelParams>;
    if (!(await ctx.store.removeAlertChannel(channel, id))) throw new ApiFailure('E_NOT_FOUND');
    return { ok: true };
  });

  app.post('/api/v1/sites/:id/alert-channels/:channel/test', { ...session, schema: { params: ChannelParams }, config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request) => {
    const id = adminSite(request);
    requireCsrf(ctx, request);
    const { channel } = request.params as Static<typeof ChannelParams>;
    const found = (await ctx.store.alertChannels(id)).find((c) => c.id === channel);
    if (!found) throw new ApiFailure('E_NOT_FOUND');
    const detail = (await ctx.store.overview([id], { now: ctx.now(), silentAfterMs: ctx.silentAfterMs, days: 1 })).sites[0];
    try {
      await ctx.alerts.test(found, detail?.name ?? null);
      return { ok: true, delivered: true };
    } catch (error) {
      return { ok: true, delivered: false, code: error instanceof DeliveryError ? error.code : 'E_ALERT_NETWORK' };
    }
  });
}
