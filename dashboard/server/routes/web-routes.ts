/**
 * The staff web UI: static files from dashboard/web/public (HTML, CSS) and the browser modules
 * compiled from dashboard/web/src by `tsc -p tsconfig.dashboard-web.json` into
 * dist/dashboard-web/dashboard/web/src (rootDir is the repository, as the UI type-checks against
 * dashboard/api/schema.ts; only that folder is served, not the schema's or protocol/'s output).
 * No inline script or style anywhere, so helmet's CSP (`'self'` only) applies unchanged.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file runs as dist/dashboard/server/routes/web-routes.js. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const WEB_PUBLIC = path.join(ROOT, 'dashboard', 'web', 'public');
export const WEB_SCRIPTS = path.join(ROOT, 'dist', 'dashboard-web', 'dashboard', 'web', 'src');

export function webRoutes(app: FastifyInstance): void {
  const common = { cacheControl: true, maxAge: 0, etag: true, lastModified: true, dotfiles: 'deny' as const, wildcard: true };
  // `/` and `/index.html` (the single page), `/app.css`, ...
  void app.register(fastifyStatic, { ...common, root: WEB_PUBLIC, prefix: '/', index: ['index.html'] });
  if (existsSync(WEB_SCRIPTS)) {
    void app.register(fastifyStatic, { ...common, root: WEB_SCRIPTS, prefix: '/js/', decorateReply: false, index: false });
  } else {
    app.log.warn({ event: 'web.scripts-missing', hint: 'run npm run build' });
  }
}
