/**
 * The dashboard's JSON API as the UI sees it. Its types come from the schemas the server validates
 * and serializes with (dashboard/api/schema.ts); `import type` only, so no TypeBox code is shipped.
 */
import type { Static } from '@sinclair/typebox';
import type * as S from '../../api/schema.js';

export type Outcome = Static<typeof S.Outcome>;
export type Me = Static<typeof S.Me>;
export type DayTotals = Static<typeof S.DayTotals>;
export type SiteSummary = Static<typeof S.SiteSummary>;
export type SiteDayTotals = Static<typeof S.SiteDayTotals>;
export type Bucket = Static<typeof S.Bucket>;
export type Overview = Static<typeof S.Overview>;
export type NewToken = Static<typeof S.TokenCreated>;
/** A token that can still enroll PCs, by id (the first 12 hex digits of its hash; never the token). */
export type ActiveToken = Static<typeof S.TokenList>['tokens'][number];
export type Revoked = Static<typeof S.DeviceRevoked>;
export type DeviceSummary = Static<typeof S.DeviceSummary>;
export type RevokedDevice = Static<typeof S.RevokedDevice>;
export type ErrorHelp = Static<typeof S.ErrorHelp>;
export type SiteDetail = Static<typeof S.SiteDetail>;
/** An alert channel as the server shows it: secrets masked. */
export type AlertChannel = Static<typeof S.AlertChannel>;
export type NewChannel = Static<typeof S.NewChannel>;

/** An API answer that is not 2xx: the status and the server's fixed error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

let csrf = '';
export function setCsrf(token: string): void {
  csrf = token;
}

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { code?: string };
  if (!res.ok) throw new ApiError(res.status, json.code ?? 'E_INTERNAL');
  return json as T;
}

export const api = {
  session: () => call<Me>('GET', '/api/v1/session'),
  login: (name: string, password: string) => call<Me>('POST', '/api/v1/login', { name, password } satisfies Static<typeof S.Login>),
  logout: () => call<Static<typeof S.Done>>('POST', '/api/v1/logout', {}),
  overview: (days: number) => call<Overview>('GET', `/api/v1/overview?days=${days}`),
  site: (id: string, days: number) => call<SiteDetail>('GET', `/api/v1/sites/${encodeURIComponent(id)}?days=${days}`),
  createToken: (site: string, uses: number, expiresHours: number) =>
    call<NewToken>('POST', `/api/v1/sites/${encodeURIComponent(site)}/tokens`, { uses, expiresHours } satisfies Static<typeof S.NewToken>),
  tokens: (site: string) => call<Static<typeof S.TokenList>>('GET', `/api/v1/sites/${encodeURIComponent(site)}/tokens`),
  revokeToken: (site: string, id: string) =>
    call<Static<typeof S.TokenRevoked>>('POST', `/api/v1/sites/${encodeURIComponent(site)}/tokens/${encodeURIComponent(id)}/revoke`, {}),
  revoke: (deviceId: string) => call<Revoked>('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, {}),
  rename: (deviceId: string, label: string | null) =>
    call<Static<typeof S.DeviceRenamed>>('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/label`, { label } satisfies Static<
      typeof S.Rename
    >),
  nameSite: (site: string, name: string | null) =>
    call<Static<typeof S.SiteNamed>>('POST', `/api/v1/sites/${encodeURIComponent(site)}/name`, { name } satisfies Static<
      typeof S.NameSite
    >),
  channels: (site: string) => call<Static<typeof S.ChannelList>>('GET', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels`),
  addChannel: (site: string, c: NewChannel) =>
    call<Static<typeof S.ChannelAdded>>('POST', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels`, c),
  removeChannel: (site: string, id: string) =>
    call<Static<typeof S.Done>>('POST', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels/${encodeURIComponent(id)}/remove`, {}),
  testChannel: (site: string, id: string) =>
    call<Static<typeof S.ChannelTested>>(
      'POST',
      `/api/v1/sites/${encodeURIComponent(site)}/alert-channels/${encodeURIComponent(id)}/test`,
      {},
    ),
  csvUrl: (id: string) => `/api/v1/sites/${encodeURIComponent(id)}/devices.csv`,
};
