/**
 * CSV export of a site's devices (RFC 4180; every value is an id, enum, number or ISO time):
 * the PCs in use, then the revoked ones (with `revoked_at`; their status columns are empty). The
 * site name and PC label are names IT chose (quoted, formula-neutralised); the error columns come
 * from protocol/error-help.ts.
 */
import { errorHelp } from '../../protocol/error-help.js';
import type { DeviceSummary, SiteDetail } from './store/store.js';

const HEADER = [
  'site',
  'site_name',
  'device',
  'pc_label',
  'platform',
  'agent_version',
  'last_seen_utc',
  'last_hour_utc',
  'last_outcome',
  'silent',
  'failing',
  'last_error_category',
  'last_error_code',
  'last_error_meaning',
  'last_error_action',
  'no_baseline',
  'wipes_7d',
  'failures_7d',
  'revoked_at',
];

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
  const error = (d: Pick<DeviceSummary, 'lastCategory' | 'lastCode'>): Value[] => {
    const help = d.lastCode === null ? null : errorHelp(d.lastCode);
    return [d.lastCategory, d.lastCode, help?.meaning ?? null, help?.action ?? null];
  };
  for (const d of detail.devices) {
    lines.push(
      row([
        detail.id,
        detail.name,
        d.id,
        d.label,
        d.platform,
        d.agentVersion,
        isoOrNull(d.lastSeenAt),
        d.lastHour,
        d.lastOutcome,
        d.silent,
        d.failing,
        ...error(d),
        d.noBaseline,
        d.wipes7d,
        d.failures7d,
        null,
      ]),
    );
  }
  for (const d of detail.revoked) {
    lines.push(
      row([
        detail.id,
        detail.name,
        d.id,
        d.label,
        d.platform,
        d.agentVersion,
        isoOrNull(d.lastSeenAt),
        d.lastHour,
        d.lastOutcome,
        null,
        null,
        null,
        null,
        null,
        null,
        d.noBaseline,
        d.wipes7d,
        d.failures7d,
        isoOrNull(d.revokedAt),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
