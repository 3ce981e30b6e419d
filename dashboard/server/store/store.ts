/** What the dashboard keeps, behind one interface with a SQLite and a PostgreSQL implementation. */
import type { ReportBatchT, ReportOutcome } from '../../../protocol/report.js';
import { TOKEN_ID_LENGTH } from '../../api/schema.js';
import type { EnrollPlatform } from '../../../protocol/enroll.js';
import type { AlertCondition } from '../alerts/alert-types.js';
import type { AlertChannelRecord } from '../alerts/channels.js';
import type { AlertStateRow, AlertSubject } from './sql-alerts.js';

export type Role = 'admin' | 'staff';

export interface UserRecord {
  name: string;
  role: Role;
  passwordHash: string;
  /** Sites a staff member may see; empty for an administrator (who sees all). */
  sites: string[];
}

export interface DeviceRecord {
  id: string;
  siteId: string;
}

export interface DeviceState extends DeviceRecord {
  /** When it was revoked (epoch ms), or null while its credential is accepted. */
  revokedAt: number | null;
}

export interface NewToken {
  hash: string;
  siteId: string;
  uses: number;
  expiresAt: number;
}

/** An enrollment token that can still enroll a PC. `id`: the first 12 characters of its hash (not the token). */
export interface ActiveToken {
  id: string;
  siteId: string;
  usesLeft: number;
  expiresAt: number;
}

export { TOKEN_ID_LENGTH };

/** A token's id from its stored hash. */
export function tokenIdOf(hash: string): string {
  return hash.slice(0, TOKEN_ID_LENGTH);
}

export interface NewDevice {
  tokenHash: string;
  deviceId: string;
  credentialHash: string;
  agentVersion: string;
  platform: EnrollPlatform;
  /** The agent's `pcLabel`, when it sent one. */
  pcLabel?: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface SiteSummary {
  id: string;
  /** Display name set by an administrator (`site name`), or null. */
  name: string | null;
  devices: number;
  silent: number;
  failing: number;
  lastSeenAt: number | null;
  wipes7d: number;
  failedWipes7d: number;
  failures7d: number;
}

export interface DayTotals {
  day: string;
  wipes: number;
  failedWipes: number;
}

export interface SiteDayTotals extends DayTotals {
  site: string;
}

export type SiteBucket = 'day' | 'week';

export interface Overview {
  generatedAt: number;
  silentAfterHours: number;
  sites: SiteSummary[];
  /** All sites in scope, per day. */
  daily: DayTotals[];
  /** The unit of `siteDaily`: days for ranges up to 92 days, ISO weeks (Monday to Sunday) beyond. */
  siteBucket: SiteBucket;
  /**
   * Per site and day, or per site and ISO week labelled by its Monday (the first and last weeks
   * may be partial); periods without wipes are absent; sorted by site then period.
   */
  siteDaily: SiteDayTotals[];
}

export interface DeviceSummary {
  id: string;
  /** The name shown: the staff rename, else the agent's `pcLabel`, else null. */
  label: string | null;
  /** What the agent reported as `pcLabel` (null if it sent none). */
  pcLabel: string | null;
  /** The rename staff made on the dashboard (null: the agent's label is used). */
  staffLabel: string | null;
  platform: string;
  agentVersion: string;
  configHash: string | null;
  enrolledAt: number;
  lastSeenAt: number | null;
  lastHour: string | null;
  lastOutcome: ReportOutcome | null;
  /** Category and error code of the last failing wipe's main failure, while the PC is failing. */
  lastCategory: string | null;
  lastCode: string | null;
  /** Reports not clean in a row (reset by a clean one). */
  failStreak: number;
  /** The newest wipes ran on an account without a captured baseline (a catalogue wipe, not a reset). */
  noBaseline: boolean;
  silent: boolean;
  failing: boolean;
  wipes7d: number;
  failures7d: number;
}

/** A revoked PC: kept for the record (and the CSV), out of the counts. */
export interface RevokedDevice extends Omit<DeviceSummary, 'silent' | 'failing'> {
  revokedAt: number;
}

export interface SiteDetail {
  id: string;
  name: string | null;
  /** PCs whose credential is accepted. */
  devices: DeviceSummary[];
  /** Revoked PCs, most recently revoked first. */
  revoked: RevokedDevice[];
  daily: DayTotals[];
  categories: { category: string; items: number; bytes: number }[];
  failures: { category: string; code: string; failures: number }[];
  safeMs: Record<string, number>;
  doneMs: Record<string, number>;
}

export interface Stats {
  sites: number;
  devices: number;
  wipes: number;
  failedWipes: number;
  failures: number;
}

export interface SiteStats {
  id: string;
  devices: number;
  silent: number;
  failing: number;
  lastSeenAt: number | null;
  wipes: number;
  failedWipes: number;
}

export interface PurgeResult {
  hourlyRows: number;
  reportKeys: number;
  sessions: number;
  tokens: number;
}

/** Which sites a reader may see: null means all (administrator). */
export type SiteScope = readonly string[] | null;

export interface QueryWindow {
  now: number;
  silentAfterMs: number;
  days: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; resolves to the schema version. */
  migrate(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** A named secret (e.g. the cookie key), created once from `generate` and shared by app nodes. */
  secret(name: string, generate: () => string): Promise<string>;

  ensureSite(id: string, now: number): Promise<void>;
  siteExists(id: string): Promise<boolean>;
  createEnrollToken(token: NewToken, now: number): Promise<void>;
  /** Tokens with uses left and not expired, newest first. */
  activeEnrollTokens(now: number): Promise<ActiveToken[]>;
  /** Uses up the token(s) with this id (of `siteId` only, when given); resolves to how many were still active. */
  revokeEnrollToken(id: string, now: number, siteId?: string): Promise<number>;
  /** Uses one use of the token and creates the device; null if the token is unknown, used up or expired. */
  enrollDevice(device: NewDevice, now: number): Promise<DeviceRecord | null>;
  /** The device holding this credential, unless it was revoked. */
  deviceByCredential(credentialHash: string): Promise<DeviceRecord | null>;
  deviceById(id: string): Promise<DeviceState | null>;
  /** Sets (or with null clears) the staff's name for a PC; false if the device is unknown. */
  renameDevice(id: string, label: string | null): Promise<boolean>;
  /** Sets (or with null clears) a site's display name; false if the site is unknown. */
  nameSite(id: string, name: string | null): Promise<boolean>;
  /** Refuses the device's credential from now on; false if unknown or already revoked. */
  revokeDevice(id: string, now: number): Promise<boolean>;
  /**
   * Stores each report whose key this device has not sent before, exactly once; resolves after
   * the commit. Null if the device was revoked meanwhile (then nothing is stored).
   */
  ingest(device: DeviceRecord, batch: ReportBatchT, now: number): Promise<IngestResult | null>;

  /** Adds the account, or replaces its role, sites and password (its sessions end). */
  addUser(user: UserRecord, now: number): Promise<void>;
  /** Removes the account and ends its sessions; false if there was none. */
  removeUser(name: string): Promise<boolean>;
  /** Every account by name, without password hashes. */
  listUsers(): Promise<Array<Omit<UserRecord, 'passwordHash'>>>;
  userByName(name: string): Promise<UserRecord | null>;
  createSession(idHash: string, userName: string, expiresAt: number, now: number): Promise<void>;
  sessionUser(idHash: string, now: number): Promise<UserRecord | null>;
  deleteSession(idHash: string): Promise<void>;

  /** Alert channels of a site (null: of every site). */
  alertChannels(siteId: string | null): Promise<AlertChannelRecord[]>;
  addAlertChannel(channel: AlertChannelRecord): Promise<void>;
  /** False if there is no such channel (of that site, when given). */
  removeAlertChannel(id: string, siteId?: string): Promise<boolean>;
  /** PCs in use, all or these ids, with what the alert rules read. */
  alertSubjects(ids: readonly string[] | null): Promise<AlertSubject[]>;
  alertStates(ids: readonly string[] | null): Promise<AlertStateRow[]>;
  /** Opens the alert; true only for the one caller that opened it. */
  raiseAlert(deviceId: string, condition: AlertCondition, siteId: string, now: number): Promise<boolean>;
  /** Closes it; true only for the one caller that closed it. */
  clearAlert(deviceId: string, condition: AlertCondition): Promise<boolean>;

  overview(scope: SiteScope, window: QueryWindow): Promise<Overview>;
  siteDetail(siteId: string, window: QueryWindow): Promise<SiteDetail | null>;
  stats(): Promise<Stats>;
  /** Per-site figures for /metrics (site ids only). */
  siteStats(now: number, silentAfterMs: number): Promise<SiteStats[]>;
  /** Deletes hourly rows and dedupe keys older than `days`, expired sessions and tokens. */
  purge(days: number, now: number): Promise<PurgeResult>;
}
