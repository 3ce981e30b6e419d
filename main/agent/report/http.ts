/**
 * POST of a JSON body to the dashboard over node:https (optional pinned CA: only that CA is
 * trusted) or node:http (loopback only). Failures are codes, never the error's message (it can
 * name the host or a file).
 */
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import { TabulaError } from '../base/errors.js';

export interface PostOptions {
  bearer?: string;
  /** PEM file of the CA to trust instead of the system store. */
  caFile?: string;
  timeoutMs: number;
}

export interface PostAnswer {
  status: number;
  body: unknown;
}

const MAX_ANSWER = 64 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Parses a dashboard base URL: https, or http on loopback only (tests, a proxy on the same PC). */
export function dashboardUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TabulaError('E_USAGE', '--dashboard takes a URL such as https://dashboard.example.org');
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!ok || url.username || url.password || url.search || url.hash) {
    throw new TabulaError('E_USAGE', '--dashboard must be an https:// URL without credentials or query (http:// only on loopback)');
  }
  return url;
}

/** The endpoint under the dashboard's base URL (which may itself have a path prefix). */
export function endpoint(base: string, route: string): URL {
  const url = dashboardUrl(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${route}`;
  return url;
}

export function networkCode(error: unknown): ErrorCode {
  if (error instanceof TabulaError) return error.code;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (/CERT|^ERR_TLS|^ERR_SSL|^EPROTO$|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return 'E_DASHBOARD_TLS';
  return 'E_DASHBOARD_UNREACHABLE';
}

/** node:http / node:https (with TLS), loaded by the first report sent: an agent that is not enrolled never holds them. */
const load = createRequire(import.meta.url);

export function postJson(url: URL, body: unknown, options: PostOptions): Promise<PostAnswer> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  let ca: Buffer | undefined;
  if (options.caFile) {
    try {
      ca = readFileSync(options.caFile);
    } catch {
      return Promise.reject(new TabulaError('E_DASHBOARD_TLS', 'the pinned CA file cannot be read'));
    }
  }
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': payload.length,
    accept: 'application/json',
  };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  return new Promise<PostAnswer>((resolve, reject) => {
    const fail = (error: unknown) => reject(new TabulaError(networkCode(error)));
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER) chunks.push(chunk);
      });
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', fail);
    };
    const req =
      url.protocol === 'https:'
        ? (load('node:https') as typeof import('node:https')).request(
            url,
            { method: 'POST', headers, ca, agent: false, timeout: options.timeoutMs },
            onAnswer,
          )
        : (load('node:http') as typeof import('node:http')).request(
            url,
            { method: 'POST', headers, agent: false, timeout: options.timeoutMs },
            onAnswer,
          );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    req.end(payload);
  });
}
