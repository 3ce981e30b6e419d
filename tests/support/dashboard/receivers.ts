/**
 * Real alert receivers on loopback: an HTTP server that records webhook posts, and an SMTP server
 * (smtp-server) that requires STARTTLS with a self-signed certificate made by openssl.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface Posted {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function webhookReceiver(status = 200): Promise<{ url: string; posts: Posted[]; close: () => Promise<void> }> {
  const posts: Posted[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/hooks/T000/B000/secretpart`,
    posts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A self-signed certificate for 127.0.0.1 / localhost in `dir`: key.pem, cert.pem. */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const key = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
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
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export interface Received {
  from: string;
  to: string[];
  user: string | null;
  secure: boolean;
  data: string;
}

export async function smtpReceiver(
  tls: { key: string; cert: string },
  account: { user: string; pass: string },
): Promise<{ port: number; mails: Received[]; close: () => Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    key: tls.key,
    cert: tls.cert,
    secure: false,
    logger: false,
    disableReverseLookup: true,
    // Login only after STARTTLS (smtp-server's default); refuse mail on a connection that skipped it.
    onAuth(auth, _session, cb) {
      if (auth.username === account.user && auth.password === account.pass) cb(null, { user: auth.username });
      else cb(new Error('bad login'));
    },
    onMailFrom(_address, session, cb) {
      if (!session.secure) return cb(Object.assign(new Error('STARTTLS first'), { responseCode: 530 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { port: address.port, mails, close: () => new Promise((r) => server.close(() => r())) };
}
