/** The dashboard's JSON API as the UI sees it (the shapes of dashboard/server/store/store.ts). */
export type Outcome = 'clean' | 'partial' | 'failed';

export interface Me { user: { name: string; role: 'admin' | 'staff'; sites: string[] }; csrfToken: string }
export interface DayTotals { day: string; wipes: number; failedWipes: number }
export interface SiteSummary {
  id: string; name: string | null; devices: number; silent: number; failing: number; lastSeenAt: number | null;
  wipes7d: number; failedWipes7d: number; failures7d: number;
}
export interface SiteDayTotals extends DayTotals { site: string }
export type Bucket = 'day' | 'week';
/** `siteDaily` holds days, or ISO weeks labelled by their Monday when `siteBucket` is 'week' (ranges over 92 days). */
export interface Overview {
  generatedAt: number; silentAfterHours: number; sites: SiteSummary[]; daily: DayTotals[]; siteBucket: Bucket; siteDaily: SiteDayTotals[];
}
export interface NewToken { token: string; id: string; siteId: string; uses: number; expiresAt: string }
/** A token that can still enroll PCs, by id (the first 12 hex digits of its hash; never the token). */
export interface ActiveToken { id: string; usesLeft: number; expiresAt: string }
export interface Revoked { deviceId: string; siteId: string; revoked: boolean }
export interface DeviceSummary {
  id: string; label: string | null; pcLabel: string | null; staffLabel: string | null;
  lastCategory: string | null; lastCode: string | null; failStreak: number; noBaseline: boolean; platform: string; agentVersion: string; configHash: string | null; enrolledAt: number;
  lastSeenAt: number | null; lastHour: string | null; lastOutcome: Outcome | null; silent: boolean; failing: boolean;
  wipes7d: number; failures7d: number;
}
export interface RevokedDevice extends Omit<DeviceSummary, 'silent' | 'failing'> { revokedAt: number }
export interface ErrorHelp { meaning: string; action: string }
export interface SiteDetail {
  id: string; name: string | null; errorHelp: Record<string, ErrorHelp>; devices: DeviceSummary[]; revoked: RevokedDevice[]; daily: DayTotals[];
  categories: { category: string; items: number; bytes: number }[];
  failures: { category: string; code: string; failures: number }[];
  safeMs: Record<string, number>; doneMs: Record<string, number>;
}

/** An alert channel as the server shows it: secrets masked. */
export type AlertChannel =
  | { id: string; kind: 'webhook'; url: string; hmacKey: string | null }
  | { id: string; kind: 'email'; host: string; port: number; user: string | null; from: string; to: string[]; password: string | null };
export type NewChannel =
  | { kind: 'webhook'; url: string }
  | { kind: 'email'; host: string; port: number; user?: string; password?: string; from: string; to: string[] };

/** An API answer that is not 2xx: the status and the server's fixed error code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string) {
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
  const res = await fetch(url, { method, headers, credentials: 'same-origin', cache: 'no-store', body: body === undefined ? null : JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as { code?: string };
  if (!res.ok) throw new ApiError(res.status, json.code ?? 'E_INTERNAL');
  return json as T;
}

export const api = {
  session: () => call<Me>('GET', '/api/v1/session'),
  login: (name: string, password: string) => call<Me>('POST', '/api/v1/login', { name, password }),
  logout: () => call<{ ok: true }>('POST', '/api/v1/logout', {}),
  overview: (days: number) => call<Overview>('GET', `/api/v1/overview?days=${days}`),
  site: (id: string, days: number) => call<SiteDetail>('GET', `/api/v1/sites/${encodeURIComponent(id)}?days=${days}`),
  createToken: (site: string, uses: number, expiresHours: number) =>
    call<NewToken>('POST', `/api/v1/sites/${encodeURIComponent(site)}/tokens`, { uses, expiresHours }),
  tokens: (site: string) => call<{ tokens: ActiveToken[] }>('GET', `/api/v1/sites/${encodeURIComponent(site)}/tokens`),
  revokeToken: (site: string, id: string) =>
    call<{ revoked: number }>('POST', `/api/v1/sites/${encodeURIComponent(site)}/tokens/${encodeURIComponent(id)}/revoke`, {}),
  revoke: (deviceId: string) => call<Revoked>('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, {}),
  rename: (deviceId: string, label: string | null) => call<{ label: string | null }>('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/label`, { label }),
  nameSite: (site: string, name: string | null) => call<{ name: string | null }>('POST', `/api/v1/sites/${encodeURIComponent(site)}/name`, { name }),
  channels: (site: string) => call<{ channels: AlertChannel[] }>('GET', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels`),
  addChannel: (site: string, c: NewChannel) => call<{ channel: AlertChannel; hmacKey?: string }>('POST', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels`, c),
  removeChannel: (site: string, id: string) => call<{ ok: true }>('POST', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels/${encodeURIComponent(id)}/remove`, {}),
  testChannel: (site: string, id: string) =>
    call<{ delivered: boolean; code?: string }>('POST', `/api/v1/sites/${encodeURIComponent(site)}/alert-channels/${encodeURIComponent(id)}/test`, {}),
  csvUrl: (id: string) => `/api/v1/sites/${encodeURIComponent(id)}/devices.csv`,
};
