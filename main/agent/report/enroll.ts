/** `tabula enroll`: exchanges a one-time site token for a per-device credential, stored root-only. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { ENROLL_PLATFORMS, EnrollResponse, EnrollToken, type EnrollPlatform, type EnrollRequestT } from '../../../protocol/enroll.js';
import { TabulaError } from '../wipe/errors.js';
import { writeCredential, type StoredCredentialT } from './credential.js';
import { dashboardUrl, endpoint, postJson } from './http.js';
import { AGENT_VERSION } from './version.js';

export interface EnrollOptions {
  dashboard: string;
  token: string;
  ca?: string;
  timeoutMs?: number;
  now?: () => number;
}

const TOKEN = new RegExp(EnrollToken.pattern as string);

export function hostEnrollPlatform(): EnrollPlatform {
  const p = process.platform as string;
  return (ENROLL_PLATFORMS as readonly string[]).includes(p) ? (p as EnrollPlatform) : 'linux';
}

export async function enroll(stateDir: string, options: EnrollOptions): Promise<StoredCredentialT> {
  const base = dashboardUrl(options.dashboard);
  if (!TOKEN.test(options.token)) throw new TabulaError('E_USAGE', '--token takes the token printed by `tabula-dashboard token create`');
  const ca = options.ca ? path.resolve(options.ca) : undefined;
  if (ca && !existsSync(ca)) throw new TabulaError('E_USAGE', '--ca takes an existing PEM file');
  const request: EnrollRequestT = { v: 1, token: options.token, agentVersion: AGENT_VERSION, platform: hostEnrollPlatform() };
  const answer = await postJson(endpoint(base.href, '/api/v1/enroll'), request, { caFile: ca, timeoutMs: options.timeoutMs ?? 15_000 });
  if (answer.status === 401 || answer.status === 403) throw new TabulaError('E_ENROLL_REJECTED');
  if (answer.status === 400) throw new TabulaError('E_ENROLL_REJECTED', 'the dashboard did not accept the request; check the token and the agent version');
  if (answer.status !== 200) throw new TabulaError(answer.status === 429 || answer.status >= 500 ? 'E_DASHBOARD_UNREACHABLE' : 'E_DASHBOARD_ERROR');
  if (!Value.Check(EnrollResponse, answer.body)) throw new TabulaError('E_DASHBOARD_ERROR', 'the enrollment answer is not valid');
  const stored: StoredCredentialT = {
    v: 1,
    dashboard: base.href,
    deviceId: answer.body.deviceId,
    siteId: answer.body.siteId,
    credential: answer.body.credential,
    enrolledAt: new Date(options.now?.() ?? Date.now()).toISOString(),
  };
  if (ca) stored.ca = ca;
  writeCredential(stateDir, stored);
  return stored;
}
