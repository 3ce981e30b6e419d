/**
 * `tabula enroll`: exchanges a one-time site token for a per-device credential, stored root-only;
 * and, at agent start, the same for the token an installer left in the machine configuration
 * folder (`enroll-token`, see build/installer/**).
 */
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Value } from '../../../protocol/typebox.js';
import { isErrorCode, type ErrorCode } from '../../../protocol/error-codes.js';
import { ENROLL_PLATFORMS, EnrollResponse, EnrollToken, type EnrollPlatform, type EnrollRequestT } from '../../../protocol/enroll.js';
import { machineConfigFile } from '../config/load.js';
import { silentLog, type EventLog } from '../log/logger.js';
import { readJsonFile, writeFileAtomic } from '../base/atomic-file.js';
import { TabulaError, codeOf } from '../base/errors.js';
import { readCredential, writeCredential, type StoredCredentialT } from './credential.js';
import { ensurePrivateDir, reportDir } from './files.js';
import { dashboardUrl, endpoint, postJson } from './http.js';
import { hostPcLabel } from './pc-label.js';
import { VERSION } from '../base/version.js';

export interface EnrollOptions {
  dashboard: string;
  token: string;
  ca?: string;
  timeoutMs?: number;
  now?: () => number;
  /** The PC's name (config `pcLabel`); by default the host name. Each report batch repeats it. */
  pcLabel?: string;
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
  const pcLabel = options.pcLabel ?? hostPcLabel();
  const request: EnrollRequestT = {
    v: 1,
    token: options.token,
    agentVersion: VERSION,
    platform: hostEnrollPlatform(),
    ...(pcLabel === undefined ? {} : { pcLabel }),
  };
  const answer = await postJson(endpoint(base.href, '/api/v1/enroll'), request, { caFile: ca, timeoutMs: options.timeoutMs ?? 15_000 });
  if (answer.status === 401 || answer.status === 403) throw new TabulaError('E_ENROLL_REJECTED');
  if (answer.status === 400)
    throw new TabulaError('E_ENROLL_REJECTED', 'the dashboard did not accept the request; check the token and the agent version');
  if (answer.status !== 200)
    throw new TabulaError(answer.status === 429 || answer.status >= 500 ? 'E_DASHBOARD_UNREACHABLE' : 'E_DASHBOARD_ERROR');
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

// ---- The installer's pending token ---------------------------------------------------------------

/** Name of the one-time token file the installers write beside config.json (build/installer/**). */
export const PENDING_TOKEN_FILE = 'enroll-token';

export type PendingEnrollOutcome =
  | { state: 'none' }
  | { state: 'enrolled'; deviceId: string; siteId: string }
  /** The device was enrolled already: the leftover one-time token was deleted. */
  | { state: 'already-enrolled' }
  /** Kept for a later try (unreachable dashboard, no dashboard configured, a bad file IT must fix). */
  | { state: 'kept'; code: ErrorCode; failedAttempts: number }
  /** The dashboard refused the token (used, expired, revoked): deleted, it can never work. */
  | { state: 'rejected'; code: ErrorCode };

export interface PendingEnrollOptions {
  stateDir: string;
  /** The machine configuration folder (default: the one of config.json, build/installer writes there). */
  configDir: string;
  /** The configured dashboard (configuration field `dashboard`). */
  dashboard: { url: string; caFile?: string } | undefined;
  timeoutMs?: number;
  now?: () => number;
}

/** `<state>/report/enroll-pending.json`: failed tries of the pending token (codes and counts only). */
function attemptsFile(stateDir: string): string {
  return path.join(reportDir(stateDir), 'enroll-pending.json');
}

export function readPendingAttempts(stateDir: string): { failedAttempts: number; lastErrorCode: string | null } {
  const v = readJsonFile(attemptsFile(stateDir)) as { failedAttempts?: unknown; lastErrorCode?: unknown } | undefined;
  const n = v?.failedAttempts;
  return {
    failedAttempts: typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0,
    lastErrorCode: typeof v?.lastErrorCode === 'string' && isErrorCode(v.lastErrorCode) ? v.lastErrorCode : null,
  };
}

function countFailure(options: PendingEnrollOptions, code: ErrorCode): number {
  const failedAttempts = readPendingAttempts(options.stateDir).failedAttempts + 1;
  ensurePrivateDir(reportDir(options.stateDir));
  writeFileAtomic(
    attemptsFile(options.stateDir),
    JSON.stringify({
      failedAttempts,
      lastErrorCode: code,
      lastAttemptAt: new Date(options.now?.() ?? Date.now()).toISOString(),
    }),
  );
  return failedAttempts;
}

/**
 * Reads the token file. Unix: a regular file (not a link) owned by root (or the agent's own user)
 * that no one else may read; anything else is refused with the fix (chmod 600). Windows: the
 * installer's ACL (SYSTEM and Administrators only) protects it. The token never reaches a message.
 */
function readTokenFile(file: string): string {
  const st = lstatSync(file);
  if (!st.isFile()) throw new TabulaError('E_ENROLL_TOKEN_FILE', 'the enroll-token file is not a regular file');
  if (process.platform !== 'win32') {
    const uid = process.getuid?.() ?? 0;
    if (st.uid !== 0 && st.uid !== uid)
      throw new TabulaError('E_ENROLL_TOKEN_FILE', 'the enroll-token file must be owned by root: chown root on it');
    if ((st.mode & 0o077) !== 0)
      throw new TabulaError('E_ENROLL_TOKEN_FILE', 'the enroll-token file can be read by other users: chmod 600 on it');
  }
  const token = readFileSync(file, 'latin1').trim();
  if (!TOKEN.test(token))
    throw new TabulaError('E_ENROLL_TOKEN_FILE', 'the enroll-token file does not hold a token from `tabula-dashboard token create`');
  return token;
}

/**
 * Redeems the installer's token once: when `<configDir>/enroll-token` exists and this device is
 * not enrolled, enrolls with the configured dashboard and deletes the file. An unreachable or
 * failing dashboard keeps the file (the failure is counted) so that a later try redeems it; a
 * refused token is deleted. Logs codes and ids only, never the token.
 */
export async function enrollPendingToken(options: PendingEnrollOptions, log: EventLog = silentLog): Promise<PendingEnrollOutcome> {
  const file = path.join(options.configDir, PENDING_TOKEN_FILE);
  if (!existsSync(file)) return { state: 'none' };
  if (readCredential(options.stateDir)) {
    rmSync(file, { force: true });
    log.info('enroll.pending-dropped', { reason: 'already-enrolled' });
    return { state: 'already-enrolled' };
  }
  const keep = (code: ErrorCode): PendingEnrollOutcome => {
    const failedAttempts = countFailure(options, code);
    log.warn('enroll.pending-kept', { code, failedAttempts });
    return { state: 'kept', code, failedAttempts };
  };
  let token: string;
  try {
    token = readTokenFile(file);
  } catch (error) {
    const code = codeOf(error);
    // The fix goes to stderr for IT too: the message is fixed text plus the file's problem.
    if (error instanceof TabulaError) log.error('enroll.pending-refused', { code, problem: error.message });
    return keep(code);
  }
  if (!options.dashboard) {
    log.warn('enroll.pending-waiting', { reason: 'no dashboard.url in the configuration' });
    return keep('E_NOT_ENROLLED');
  }
  try {
    const stored = await enroll(options.stateDir, {
      dashboard: options.dashboard.url,
      token,
      ca: options.dashboard.caFile,
      timeoutMs: options.timeoutMs,
      now: options.now,
    });
    rmSync(file, { force: true });
    rmSync(attemptsFile(options.stateDir), { force: true });
    log.info('enroll.pending-done', { device: stored.deviceId, site: stored.siteId });
    return { state: 'enrolled', deviceId: stored.deviceId, siteId: stored.siteId };
  } catch (error) {
    const code = codeOf(error);
    if (code !== 'E_ENROLL_REJECTED') return keep(code);
    rmSync(file, { force: true });
    log.error('enroll.pending-rejected', { code });
    return { state: 'rejected', code };
  }
}

/**
 * For the agent service: redeems a pending token now and, while it stays pending (typically the
 * network is not up yet at boot), again after 1, 2, 4 … 60 minutes. Timers do not hold the process.
 */
export function startPendingEnrollment(
  options: Omit<PendingEnrollOptions, 'configDir' | 'dashboard'> & {
    configDir?: string;
    dashboard: () => PendingEnrollOptions['dashboard'];
  },
  log: EventLog = silentLog,
): void {
  const configDir = options.configDir ?? path.dirname(machineConfigFile());
  let delayMs = 60_000;
  const attempt = () => {
    enrollPendingToken({ ...options, configDir, dashboard: options.dashboard() }, log).then(
      (outcome) => {
        if (outcome.state !== 'kept') return;
        setTimeout(attempt, delayMs).unref();
        delayMs = Math.min(delayMs * 2, 3_600_000);
      },
      () => log.error('enroll.pending-failed', { code: 'E_INTERNAL' }),
    );
  };
  attempt();
}
