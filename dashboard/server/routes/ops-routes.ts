/** Operations: `/healthz` (store reachable) and `/metrics` (Prometheus text: node counters, fleet totals, per-site gauges). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { sendError } from '../errors.js';

export function opsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { ok: true as const, store: ctx.store.kind };
    } catch {
      return sendError(reply, 'E_UNAVAILABLE');
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const now = ctx.now();
    const [stats, sites] = await Promise.all([
      ctx.store.stats().catch(() => null),
      ctx.store.siteStats(now, ctx.silentAfterMs).catch(() => []),
    ]);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render(stats, stats ? sites : [], now));
  });
}
