/**
 * CSV export of a site's devices (RFC 4180; every value is an id, enum, number or ISO time):
 * the PCs in use, then the revoked ones (with `revoked_at`; their status columns are empty).
 */
import type { SiteDetail } from './store/store.js';

const HEADER = ['site', 'device', 'platform', 'agent_version', 'last_seen_utc', 'last_hour_utc', 'last_outcome', 'silent', 'failing',
  'wipes_7d', 'failures_7d', 'revoked_at'];

type Value = string | number | boolean | null;

function cell(value: Value): string {
  const text = value === null ? '' : String(value);
  // Quote always; neutralise spreadsheet formulas even though no value can start with one.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function siteCsv(detail: SiteDetail): string {
  const row = (values: Value[]) => values.map(cell).join(',');
  const lines = [HEADER.join(',')];
  for (const d of detail.devices) {
    lines.push(row([detail.id, d.id, d.platform, d.agentVersion, isoOrNull(d.lastSeenAt), d.lastHour, d.lastOutcome, d.silent, d.failing,
      d.wipes7d, d.failures7d, null]));
  }
  for (const d of detail.revoked) {
    lines.push(row([detail.id, d.id, d.platform, d.agentVersion, isoOrNull(d.lastSeenAt), d.lastHour, d.lastOutcome, null, null,
      d.wipes7d, d.failures7d, isoOrNull(d.revokedAt)]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
