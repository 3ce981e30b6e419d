/** What the route modules share: the store, the clock, options, metrics, secrets. */
import type { Alerter } from './alerts/alerter.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { Metrics } from './metrics.js';
import type { DeviceRecord, Store, UserRecord } from './store/store.js';

export interface AppContext {
  store: Store;
  now: () => number;
  metrics: Metrics;
  alerts: Alerter;
  throttle: LoginThrottle;
  cookieSecret: string;
  secureCookies: boolean;
  silentAfterMs: number;
  sessionTtlMs: number;
  /** Allowed `Origin` for state-changing UI requests; by default the request's own origin. */
  publicOrigin: string | undefined;
  /** Disabled in benchmarks. */
  rateLimits: boolean;
  /** Report batches per minute per device credential. */
  reportRateLimit: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    alerts: Alerter;
  }
  interface FastifyRequest {
    user: UserRecord | null;
    sessionId: string | null;
    device: DeviceRecord | null;
  }
}
