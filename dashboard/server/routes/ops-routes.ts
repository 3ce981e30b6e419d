/** Operations: `/healthz` (store reachable) and `/metrics` (Prometheus text, totals only, no site labels). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { sendError } from '../errors.js';

export function opsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { ok: true, store: ctx.store.kind };
    } catch {
      return sendError(reply, 'E_UNAVAILABLE');
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const stats = await ctx.store.stats().catch(() => null);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render(stats));
  });
}
