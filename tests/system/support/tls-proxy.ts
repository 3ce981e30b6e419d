/**
 * The dashboard behind TLS, as docs/dashboard.md deploys it ("behind a TLS reverse proxy"): a
 * self-signed certificate for 127.0.0.1 made with openssl, an https server on loopback forwarding
 * to the plain-HTTP dashboard. The agent pins the certificate (`dashboard.caFile`). Test support.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface TlsProxy {
  url: string;
  /** PEM of the certificate, to install as the agent's caFile. */
  certPem: string;
  close(): Promise<void>;
}

export async function startTlsProxy(dir: string, upstreamPort: number): Promise<TlsProxy> {
  const key = path.join(dir, 'proxy.key');
  const cert = path.join(dir, 'proxy.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(cert, 'utf8');
  const server: Server = createServer({ key: readFileSync(key), cert: certPem }, (req, res) => {
    const up = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
