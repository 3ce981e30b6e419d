/**
 * Alert channels per site: a webhook (JSON POST signed with HMAC-SHA256) or e-mail (SMTP with
 * STARTTLS required). Secrets — the webhook's HMAC key, the SMTP password, and the webhook URL
 * itself (Slack and Teams URLs are bearer secrets) — are kept in the store and shown back only
 * masked; the HMAC key is shown once, when the channel is created.
 */
import { randomBytes } from 'node:crypto';

export interface WebhookTarget {
  kind: 'webhook';
  url: string;
}
export interface EmailTarget {
  kind: 'email';
  host: string;
  port: number;
  user?: string;
  from: string;
  to: string[];
  /** PEM file of a private CA that signed the relay's certificate (optional). */
  caFile?: string;
}
export type ChannelTarget = WebhookTarget | EmailTarget;

export interface AlertChannelRecord {
  id: string;
  siteId: string;
  target: ChannelTarget;
  /** HMAC key (webhook) or SMTP password (e-mail, may be null). */
  secret: string | null;
  createdAt: number;
}

export function newChannelId(): string {
  return `ach_${randomBytes(8).toString('hex')}`;
}

export function newHmacKey(): string {
  return `whk_${randomBytes(32).toString('base64url')}`;
}

/** `••••` and the last 4 characters: enough to tell two secrets apart, not to use one. */
export function mask(secret: string | null): string | null {
  return secret === null ? null : `••••${secret.slice(-4)}`;
}

/** The URL's scheme and host, the rest masked (a Slack/Teams URL's path is its secret). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/••••${url.slice(-4)}`;
  } catch {
    return '••••';
  }
}

/** What the UI and CLI show of a channel: no secret in full. */
export function channelView(c: AlertChannelRecord) {
  const t = c.target;
  return t.kind === 'webhook'
    ? { id: c.id, siteId: c.siteId, kind: t.kind, url: maskUrl(t.url), hmacKey: mask(c.secret), createdAt: c.createdAt }
    : {
        id: c.id,
        siteId: c.siteId,
        kind: t.kind,
        host: t.host,
        port: t.port,
        user: t.user ?? null,
        from: t.from,
        to: t.to,
        caFile: t.caFile ?? null,
        password: mask(c.secret),
        createdAt: c.createdAt,
      };
}

const EMAIL = /^[^\s@<>",;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,250}[A-Za-z0-9])?$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[[0-9a-fA-F:]+\]$/;

export class ChannelError extends Error {}

/** Checks a target from the UI or CLI; throws ChannelError naming the field at fault. */
export function checkTarget(t: ChannelTarget): ChannelTarget {
  if (t.kind === 'webhook') {
    let u: URL;
    try {
      u = new URL(t.url);
    } catch {
      throw new ChannelError('url: expected an http:// or https:// URL');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ChannelError('url: expected an http:// or https:// URL');
    if (u.username || u.password) throw new ChannelError('url: no user or password in the URL');
    if (t.url.length > 2048) throw new ChannelError('url: at most 2048 characters');
    return { kind: 'webhook', url: t.url };
  }
  if (!HOST.test(t.host)) throw new ChannelError('host: expected a host name or address');
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new ChannelError('port: expected 1 to 65535');
  if (!EMAIL.test(t.from)) throw new ChannelError('from: expected an e-mail address');
  if (t.to.length === 0 || t.to.length > 20 || !t.to.every((a) => EMAIL.test(a)))
    throw new ChannelError('to: expected 1 to 20 e-mail addresses');
  if (t.user !== undefined && (t.user.length === 0 || t.user.length > 256)) throw new ChannelError('user: 1 to 256 characters');
  if (t.caFile !== undefined && !t.caFile.startsWith('/')) throw new ChannelError('caFile: expected an absolute path');
  return {
    kind: 'email',
    host: t.host,
    port: t.port,
    from: t.from,
    to: [...t.to],
    ...(t.user === undefined ? {} : { user: t.user }),
    ...(t.caFile === undefined ? {} : { caFile: t.caFile }),
  };
}
