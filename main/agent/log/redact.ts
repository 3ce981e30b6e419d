/**
 * Redaction is by construction: a log event carries an event name and fields whose values are
 * numbers, booleans or id-like strings (catalogue ids, categories, error codes). Anything else
 * — a path, a file name, a URL, a username — is replaced, so it can never reach a log line.
 */
export type LogValue = string | number | boolean | null | undefined | readonly LogValue[] | { readonly [key: string]: LogValue };
export type LogFields = Record<string, LogValue>;

const SAFE_STRING = /^[A-Za-z0-9_.:-]{0,64}$/;
const SAFE_KEY = /^[A-Za-z0-9_.-]{1,40}$/;
export const REDACTED = '[redacted]';

export function redactValue(value: LogValue, depth = 0): LogValue {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return SAFE_STRING.test(value) && !value.includes('..') ? value : REDACTED;
  if (depth > 4) return REDACTED;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v as LogValue, depth + 1));
  return redactFields(value as LogFields, depth + 1);
}

export function redactFields(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[SAFE_KEY.test(key) ? key : REDACTED] = redactValue(value, depth);
  }
  return out;
}
