/**
 * Delivery of one alert to one channel. Webhook: `POST` of JSON (`text` for Slack and Teams
 * incoming webhooks, plus the structured fields for generic receivers), signed as
 * `x-tabula-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>`; no redirects,
 * 10 s timeout. E-mail: SMTP with STARTTLS required (never plain text), optional login.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { alertSubject, alertText, type AlertEvent } from './alert-types.js';
import type { AlertChannelRecord, EmailTarget, WebhookTarget } from './channels.js';

export const SIGNATURE_HEADER = 'x-tabula-signature';
const TIMEOUT_MS = 10_000;

/** A delivery that did not work: a fixed code (never the receiver's answer, which may echo secrets). */
export class DeliveryError extends Error {
  constructor(readonly code: 'E_ALERT_HTTP' | 'E_ALERT_NETWORK' | 'E_ALERT_SMTP' | 'E_ALERT_TLS' | 'E_ALERT_CA') {
    super(code);
  }
}

export function signature(key: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookBody(event: AlertEvent): string {
  return JSON.stringify({ text: alertText(event), source: 'tabula', ...event });
}

async function sendWebhook(target: WebhookTarget, key: string | null, event: AlertEvent, now: number): Promise<void> {
  const body = webhookBody(event);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'tabula-dashboard' };
  if (key) headers[SIGNATURE_HEADER] = signature(key, Math.floor(now / 1000), body);
  let res: Response;
  try {
    res = await fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new DeliveryError('E_ALERT_NETWORK');
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new DeliveryError('E_ALERT_HTTP');
}

async function sendEmail(target: EmailTarget, password: string | null, event: AlertEvent): Promise<void> {
  let ca: string | undefined;
  if (target.caFile) {
    try {
      ca = readFileSync(target.caFile, 'utf8');
    } catch {
      throw new DeliveryError('E_ALERT_CA');
    }
  }
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: false,
    requireTLS: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    ...(target.user ? { auth: { user: target.user, pass: password ?? '' } } : {}),
  });
  try {
    await transport.sendMail({ from: target.from, to: target.to, subject: alertSubject(event), text: `${alertText(event)}\n` });
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    const tls = code === 'ETLS' || (code === 'ESOCKET' && /certificate|self.signed/i.test(String((error as Error).message)));
    throw new DeliveryError(tls ? 'E_ALERT_TLS' : 'E_ALERT_SMTP');
  } finally {
    transport.close();
  }
}

export function deliver(channel: AlertChannelRecord, event: AlertEvent, now: number): Promise<void> {
  return channel.target.kind === 'webhook'
    ? sendWebhook(channel.target, channel.secret, event, now)
    : sendEmail(channel.target, channel.secret, event);
}
