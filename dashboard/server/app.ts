/**
 * `buildApp({ store, ... })`: the dashboard's Fastify app. Schema-validated routes (TypeBox, no
 * coercion, no silent removal of extra fields), body-size limits, rate limits, helmet, and one
 * error handler that answers fixed codes and never echoes request content.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Alerter } from './alerts/alerter.js';
import { LoginThrottle, type ThrottleOptions } from './auth/login-throttle.js';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { Metrics } from './metrics.js';
import { deviceRoutes } from './routes/device-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { uiRoutes } from './routes/ui-routes.js';
import { webRoutes } from './routes/web-routes.js';
import type { Store } from './store/store.js';

export interface AppOptions {
  store: Store;
  /** Fastify's logger (pino); off by default. Request logs carry method, route and status only. */
  logger?: boolean;
  /** Signs session cookies; by default a random secret kept in the store (shared by app nodes). */
  cookieSecret?: string;
  /** Secure cookies (HTTPS); default true. Turn off only for plain-HTTP development. */
  secureCookies?: boolean;
  /** A PC that has not reported for this long is "silent"; default 72 hours. */
  silentAfterHours?: number;
  sessionTtlHours?: number;
  /** Global requests per minute per address (or per device for reports); false disables (benchmarks). */
  rateLimitPerMinute?: number | false;
  /** Report batches per minute per device credential; default 600. */
  reportRateLimitPerMinute?: number;
  /** Body limit for every route except reports (which allow 1 MiB). */
  bodyLimit?: number;
  publicOrigin?: string;
  trustProxy?: boolean;
  login?: Partial<ThrottleOptions>;
  now?: () => number;
  /** How often every PC is checked for silence (ms); default 60 s; false: only after reports (tests). */
  alertSweepMs?: number | false;
  /** Reports not clean in a row that raise "wipes keep failing"; default 3. */
  alertRepeatThreshold?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });
  // JSON only: a cross-site HTML form cannot send application/json without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  const metrics = new Metrics();
  const now = options.now ?? Date.now;
  const silentAfterMs = (options.silentAfterHours ?? 72) * 3_600_000;
  const alerts = new Alerter({
    store: options.store,
    metrics,
    now,
    silentAfterMs,
    repeatThreshold: options.alertRepeatThreshold,
    log: (entry) => app.log.info(entry),
  });
  const ctx: AppContext = {
    store: options.store,
    now,
    metrics,
    alerts,
    throttle: new LoginThrottle(options.login),
    cookieSecret: options.cookieSecret ?? (await options.store.secret('cookie-secret', () => randomBytes(32).toString('base64url'))),
    secureCookies: options.secureCookies ?? true,
    silentAfterMs,
    sessionTtlMs: (options.sessionTtlHours ?? 12) * 3_600_000,
    publicOrigin: options.publicOrigin,
    rateLimits: options.rateLimitPerMinute !== false,
    reportRateLimit: options.reportRateLimitPerMinute ?? 600,
  };
  app.decorate('alerts', alerts);
  const sweepMs = options.alertSweepMs ?? 60_000;
  if (sweepMs !== false) {
    const timer = setInterval(() => void alerts.evaluate(null).catch(() => app.log.warn({ event: 'alert.sweep-failed' })), sweepMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  app.addHook('onClose', async () => alerts.idle());
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('device', null);
  installErrorHandler(app, (code) => ctx.metrics.inc('tabula_dashboard_errors_total', { code }));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  if (options.rateLimitPerMinute !== false) {
    await app.register(rateLimit, { global: true, max: options.rateLimitPerMinute ?? 600, timeWindow: 60_000 });
  }
  await app.register(cookie, { secret: ctx.cookieSecret });

  deviceRoutes(app, ctx);
  uiRoutes(app, ctx);
  opsRoutes(app, ctx);
  webRoutes(app);
  return app;
}
