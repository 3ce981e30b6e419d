/**
 * The app:// protocol: our pages are served from the app's own files with the security headers,
 * never through file:// (which would give every page the whole disk as its origin).
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { securityHeaders } from './csp.js';
import { APP_SCHEME, assetFor, type AssetRoots } from './navigation-policy.js';

/** Before `app.ready`: app:// is a standard, secure scheme (origin, relative URLs, no fetch/CORS). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } },
  ]);
}

export function serveAppProtocol(roots: AssetRoots): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = request.method === 'GET' ? assetFor(request.url, roots) : undefined;
    if (!asset) return new Response('not found', { status: 404, headers: securityHeaders() });
    try {
      const body = await readFile(asset.file);
      return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': asset.mime } });
    } catch {
      return new Response('not found', { status: 404, headers: securityHeaders() });
    }
  });
}
