/**
 * Validation messages a librarian's IT person can act on: `SOURCE: /field: expected X, got Y`.
 * The expectation is derived from the schema node (or its `expected` text); the value is shown
 * short, and never for account names (they are usernames).
 */
import { Kind, Value, ValueErrorType } from '../../../protocol/typebox.js';
import { ConfigSchema, type Config } from './schema.js';
import { plural as count } from '../../../protocol/plural.js';

interface SchemaNode {
  [Kind]?: string;
  expected?: string;
  type?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  const?: unknown;
}

/** What a schema node accepts, in words. */
export function expectation(node: SchemaNode): string {
  if (node.expected) return node.expected;
  switch (node[Kind]) {
    case 'Integer':
    case 'Number': {
      const word = node[Kind] === 'Integer' ? 'integer' : 'number';
      if (node.minimum !== undefined && node.maximum !== undefined) return `${word} from ${node.minimum} to ${node.maximum}`;
      if (node.minimum !== undefined) return `${word} ≥ ${node.minimum}`;
      if (node.maximum !== undefined) return `${word} ≤ ${node.maximum}`;
      return word;
    }
    case 'Boolean':
      return 'true or false';
    case 'String':
      return 'a string';
    case 'Array':
      return `a list of ${node.items ? plural(expectation(node.items)) : 'values'}`;
    case 'Object':
      return 'an object';
    case 'Union':
      return `one of ${(node.anyOf ?? []).map((n) => JSON.stringify(n.const)).join(', ')}`;
    default:
      return 'a valid value';
  }
}

const plural = (text: string): string => text.replace(/^(an?|one of) /, '').replace(/^integer/, 'integers');

/** Is a field path an account name (never echoed)? */
const isSecretPath = (path: string): boolean => /^\/accounts(\/|$)/.test(path) || path === '/staffPinHash';

export function shown(value: unknown, path = ''): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    if (isSecretPath(path)) return 'a string';
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  return String(value);
}

const fieldOf = (path: string): string => (path === '' ? '(top level)' : path);

function message(type: ValueErrorType, node: SchemaNode, path: string, value: unknown): string {
  const exp = expectation(node);
  const got = shown(value, path);
  switch (type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `unknown field (expected one of: ${Object.keys(node.properties ?? {}).join(', ')})`;
    case ValueErrorType.ObjectRequiredProperty:
      return `required field missing (expected ${exp})`;
    case ValueErrorType.StringMinLength:
      return `expected ${exp} of at least ${count(Number(node.minLength), 'character')}, got ${got}`;
    case ValueErrorType.StringMaxLength:
      return `expected ${exp} of at most ${count(Number(node.maxLength), 'character')}, got ${isSecretPath(path) ? 'a longer string' : count(String(value).length, 'character')}`;
    case ValueErrorType.ArrayMaxItems:
      return `expected ${exp} with at most ${count(Number(node.maxItems), 'item')}, got ${(value as unknown[]).length}`;
    case ValueErrorType.ArrayMinItems:
      return `expected ${exp} with at least ${count(Number(node.minItems), 'item')}, got an empty list`;
    case ValueErrorType.ArrayUniqueItems:
      return `expected ${exp} without duplicates, got a duplicate`;
    default:
      return `expected ${exp}, got ${got}`;
  }
}

/** Schema errors of one layer, one per field, in schema order. */
export function schemaProblems(value: unknown, source: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of Value.Errors(ConfigSchema, value)) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    out.push(`${source}: ${fieldOf(e.path)}: ${message(e.type, e.schema as SchemaNode, e.path, e.value)}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cron (node-schedule syntax: optional seconds field, then minute hour day month weekday)

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function cronValue(token: string, min: number, max: number, names?: string[]): boolean {
  const index = names?.indexOf(token.toLowerCase()) ?? -1;
  if (index >= 0) return true;
  if (!/^\d{1,2}$/.test(token)) return false;
  const n = Number(token);
  return n >= min && n <= max;
}

function cronField(field: string, min: number, max: number, names?: string[]): boolean {
  return field.split(',').every((part) => {
    const m = /^(\*|[^/-]+(?:-[^/-]+)?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m) return false;
    if (m[2] !== undefined && Number(m[2]) === 0) return false;
    if (m[1] === '*') return true;
    const [from, to] = (m[1] ?? '').split('-');
    return cronValue(from ?? '', min, max, names) && (to === undefined || cronValue(to, min, max, names));
  });
}

export function isValidCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  const ranges: Array<[number, number, string[]?]> = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12, MONTHS],
    [0, 7, DAYS],
  ];
  if (fields.length === 6) ranges.unshift([0, 59]);
  return fields.every((f, i) => cronField(f, ranges[i]![0], ranges[i]![1], ranges[i]![2]));
}

/** Checks a schema-valid layer beyond the schema (cron syntax). */
export function layerProblems(config: Config, source: string): string[] {
  const out: string[] = [];
  config.schedules?.forEach((s, i) => {
    if (!isValidCron(s.cron)) {
      out.push(`${source}: /schedules/${i}/cron: expected a cron expression such as "0 21 * * *", got ${shown(s.cron)}`);
    }
  });
  return out;
}

export function validateLayer(value: unknown, source: string): string[] {
  const problems = schemaProblems(value, source);
  return problems.length > 0 ? problems : layerProblems(value as Config, source);
}
