/**
 * OS policy stores have their own types (registry DWORDs, plist integers, strings for lists).
 * `coerceToSchema` turns a raw policy tree into the shape of the config schema where the meaning
 * is unambiguous, and leaves everything else alone so validation reports it precisely.
 */
import { Kind } from '../../../protocol/typebox.js';
import { ConfigSchema } from './schema.js';

interface Node {
  [Kind]?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function coerce(value: unknown, node: Node | undefined): unknown {
  if (!node) return value;
  switch (node[Kind]) {
    case 'Boolean':
      if (value === 0 || value === 1) return value === 1;
      if (value === 'true' || value === 'false') return value === 'true';
      return value;
    case 'Integer':
      return typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value;
    case 'Array': {
      let v = value;
      if (typeof v === 'string') v = v.trim().startsWith('[') ? tryJson(v) : [v];
      // A Chrome-style list policy: a subkey whose values are named 1, 2, 3...
      if (isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => /^\d+$/.test(k))) {
        v = Object.entries(v)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, x]) => x);
      }
      return Array.isArray(v) ? v.map((x) => coerce(x, node.items)) : v;
    }
    case 'Object': {
      let v = value;
      if (typeof v === 'string' && v.trim().startsWith('{')) v = tryJson(v);
      if (!isPlainObject(v)) return v;
      const props = node.properties ?? {};
      const byLower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(v)) {
        const name = byLower.get(key.toLowerCase()) ?? key; // registry names are case-insensitive
        out[name] = coerce(x, props[name]);
      }
      return out;
    }
    default:
      return value;
  }
}

/** A raw policy tree (from the registry or a plist) in the config schema's shape. */
export function coerceToSchema(raw: unknown): unknown {
  return coerce(raw, ConfigSchema as unknown as Node);
}
