/** CSV export of a site's devices (RFC 4180; every value is an id, enum, number or ISO time). */
import type { SiteDetail } from './store/store.js';

const HEADER = ['site', 'device', 'platform', 'agent_version', 'last_seen_utc', 'last_hour_utc', 'last_outcome', 'silent', 'failing', 'wipes_7d', 'failures_7d'];

function cell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  // Quote always; neutralise spreadsheet formulas even though no value can start with one.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function siteCsv(detail: SiteDetail): string {
  const lines = [HEADER.join(',')];
  for (const d of detail.devices) {
    lines.push([
      detail.id, d.id, d.platform, d.agentVersion, d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(),
      d.lastHour, d.lastOutcome, d.silent, d.failing, d.wipes7d, d.failures7d,
    ].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
