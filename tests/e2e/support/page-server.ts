/**
 * Serves the renderer pages on 127.0.0.1 exactly as the app:// protocol does: the same file
 * mapping (navigation-policy.ts assetFor) and the same security headers (csp.ts), so the pages
 * are tested under the real CSP.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from '../../../main/app/csp.js';
import { APP_ORIGIN, assetFor } from '../../../main/app/navigation-policy.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const ASSET_ROOTS = { pages: path.join(REPO, 'renderer'), scripts: path.join(REPO, 'dist', 'renderer', 'renderer') };

export interface PageServer {
  url(page: string): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const asset = req.method === 'GET' ? assetFor(`${APP_ORIGIN}${(req.url ?? '/').split('?')[0]}`, ASSET_ROOTS) : undefined;
    const fail = () => {
      res.writeHead(404, securityHeaders());
      res.end('not found');
    };
    if (!asset) return fail();
    readFile(asset.file).then((body) => {
      res.writeHead(200, { ...securityHeaders(), 'Content-Type': asset.mime, 'Cache-Control': 'no-store' });
      res.end(body);
    }, fail);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (page) => `http://127.0.0.1:${port}/${page}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
