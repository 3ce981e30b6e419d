/**
 * `tabula enroll --dashboard URL --token TOKEN [--ca FILE]` and `tabula report flush|status`.
 * Output: ids, counts, times and codes; never a token, a credential or patron data.
 */
import type { Context } from './context.js';
import { TabulaError } from '../base/errors.js';
import { readCredential } from '../report/credential.js';
import { pcLabelOf } from '../report/pc-label.js';
import { enroll, readPendingAttempts } from '../report/enroll.js';
import { flush } from '../report/sender.js';
import { Spool } from '../report/spool.js';
import { readStatus } from '../report/status.js';
import { plural } from '../../../protocol/plural.js';

function print(text: string): void {
  process.stdout.write(text);
}

export interface ReportStatus {
  enrolled: boolean;
  deviceId: string | null;
  siteId: string | null;
  /** Reports in the spool, and how many of them are failures. */
  queued: number;
  queuedFailures: number;
  lastDeliveryAt: string | null;
  lastAttemptAt: string | null;
  lastErrorCode: string | null;
  nextAttemptAt: string | null;
  delivered: number;
  dropped: number;
  /** The installer's enroll-token file not redeemed yet: failed attempts and the last code (else null). */
  pendingEnrollment: { failedAttempts: number; lastErrorCode: string | null } | null;
}

/** The reporting part of `tabula status --json` (reads files only; no network). */
export function reportStatus(stateDir: string): ReportStatus {
  const cred = readCredential(stateDir);
  const status = readStatus(stateDir);
  let queued = 0;
  let queuedFailures = 0;
  if (cred) {
    try {
      const spool = new Spool(stateDir);
      const names = spool.load().entries;
      queued = names.length;
      queuedFailures = names.filter((e) => e.urgent).length;
    } catch {
      /* an unreadable spool shows as empty; flush reports E_STATE */
    }
  }
  return {
    enrolled: cred !== undefined,
    deviceId: cred?.deviceId ?? null,
    siteId: cred?.siteId ?? null,
    queued,
    queuedFailures,
    lastDeliveryAt: status.lastDeliveryAt,
    lastAttemptAt: status.lastAttemptAt,
    lastErrorCode: status.lastErrorCode,
    nextAttemptAt: status.nextAttemptAt > 0 ? new Date(status.nextAttemptAt).toISOString() : null,
    delivered: status.delivered,
    dropped: status.dropped,
    pendingEnrollment: pendingEnrollment(stateDir, cred !== undefined),
  };
}

function pendingEnrollment(stateDir: string, enrolled: boolean): ReportStatus['pendingEnrollment'] {
  if (enrolled) return null;
  const attempts = readPendingAttempts(stateDir);
  return attempts.failedAttempts > 0 ? attempts : null;
}

export function renderReportStatus(s: ReportStatus): string {
  if (!s.enrolled) {
    const p = s.pendingEnrollment;
    return p
      ? `reporting: not enrolled; the installer's token is pending (${p.failedAttempts} failed attempts, last error ${p.lastErrorCode ?? 'unknown'})\n`
      : 'reporting: not enrolled\n';
  }
  return (
    `reporting: device ${s.deviceId} (site ${s.siteId}), ${s.queued} queued (${plural(s.queuedFailures, 'failure')}), ` +
    `last delivery ${s.lastDeliveryAt ?? 'never'}${s.lastErrorCode ? `, last error ${s.lastErrorCode}` : ''}\n`
  );
}

export async function cmdEnroll(ctx: Context): Promise<number> {
  const { dashboard, token, ca } = ctx.values;
  if (!dashboard || !token) throw new TabulaError('E_USAGE', 'enroll takes --dashboard URL and --token TOKEN');
  const stored = await enroll(ctx.stateDir, { dashboard, token, ca, pcLabel: pcLabelOf(ctx.config) });
  ctx.log().info('report.enrolled', { device: stored.deviceId, site: stored.siteId, pinnedCa: stored.ca !== undefined });
  print(
    ctx.values.json
      ? `${JSON.stringify({ ok: true, deviceId: stored.deviceId, siteId: stored.siteId })}\n`
      : `enrolled as ${stored.deviceId} (site ${stored.siteId})\n`,
  );
  return 0;
}

export async function cmdReport(ctx: Context): Promise<number> {
  const sub = ctx.args[0];
  if (sub === 'status') {
    const s = reportStatus(ctx.stateDir);
    print(ctx.values.json ? `${JSON.stringify(s)}\n` : renderReportStatus(s));
    return 0;
  }
  if (sub !== 'flush') throw new TabulaError('E_USAGE', 'report takes flush or status');
  const result = await flush(ctx.stateDir, { successes: 'all', log: ctx.log() });
  if (ctx.values.json) print(`${JSON.stringify(result)}\n`);
  else
    print(
      `sent ${plural(result.sent, 'report')} (${result.duplicates} already stored), dropped ${result.dropped}, ${result.queued} queued` +
        `${result.stopped ? ` — stopped: ${result.stopped}` : ''}\n`,
    );
  if (result.stopped && result.stopped !== 'busy' && result.stopped !== 'backoff') {
    process.stderr.write(`tabula: ${result.stopped}: reports stay queued\n`);
    return 1;
  }
  return 0;
}
