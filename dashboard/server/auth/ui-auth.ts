/**
 * Staff sessions: a random id in a signed, HttpOnly, SameSite=Strict (and Secure) cookie; only its
 * SHA-256 is stored. CSRF: state-changing UI requests must come from our own origin (Origin /
 * Sec-Fetch-Site) and, once logged in, carry `x-csrf-token` = HMAC(secret, session id).
 */
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { UserRecord } from '../store/store.js';
import { hmac, randomToken, sameText, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'tabula_session';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(ctx: AppContext, sessionId: string): string {
  return hmac(ctx.cookieSecret, `csrf:${sessionId}`);
}

export async function startSession(ctx: AppContext, reply: FastifyReply, user: UserRecord): Promise<string> {
  const id = randomToken('');
  const now = ctx.now();
  await ctx.store.createSession(sha256(id), user.name, now + ctx.sessionTtlMs, now);
  reply.setCookie(SESSION_COOKIE, id, {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secureCookies,
    path: '/',
    maxAge: Math.floor(ctx.sessionTtlMs / 1000),
  });
  return id;
}

export function endSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.secureCookies });
}

/** onRequest hook for UI routes: resolves the session cookie to a user (or null). */
export async function loadSession(ctx: AppContext, request: FastifyRequest): Promise<void> {
  request.user = null;
  request.sessionId = null;
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null || unsigned.value.length > 128) return;
  const user = await ctx.store.sessionUser(sha256(unsigned.value), ctx.now());
  if (!user) return;
  request.user = user;
  request.sessionId = unsigned.value;
}

function expectedOrigin(ctx: AppContext, request: FastifyRequest): string {
  return ctx.publicOrigin ?? `${request.protocol}://${request.host}`;
}

/** Same-origin check for every state-changing UI request (login included). */
export function checkOrigin(ctx: AppContext, request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== expectedOrigin(ctx, request)) throw new ApiFailure('E_CSRF');
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new ApiFailure('E_CSRF');
}

export function requireUser(request: Pick<FastifyRequest, 'user'>): UserRecord {
  if (!request.user) throw new ApiFailure('E_UNAUTHENTICATED');
  return request.user;
}

/** For state-changing requests of a logged-in user. */
export function requireCsrf(ctx: AppContext, request: FastifyRequest): void {
  checkOrigin(ctx, request);
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || request.sessionId === null || !sameText(header, csrfTokenFor(ctx, request.sessionId))) {
    throw new ApiFailure('E_CSRF');
  }
}

export function canSee(user: UserRecord, siteId: string): boolean {
  return user.role === 'admin' || user.sites.includes(siteId);
}

/** The site id of the URL (`:id`, checked by the route's params schema), if the signed-in user may see it (else 401/403). */
export function visibleSite(request: Pick<FastifyRequest, 'user'> & { params: { id: string } }): string {
  const user = requireUser(request);
  const { id } = request.params;
  if (!canSee(user, id)) throw new ApiFailure('E_FORBIDDEN');
  return id;
}

export function scopeOf(user: UserRecord): readonly string[] | null {
  return user.role === 'admin' ? null : user.sites;
}
