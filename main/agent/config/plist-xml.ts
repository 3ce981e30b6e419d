/**
 * A small XML property-list parser: the fallback when `plutil` is not there (or fails). It reads
 * dict, array, key, string, integer, real, true, false, date and data; a binary plist is refused.
 */
export class PlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlistError';
  }
}

type Token = { kind: 'open' | 'close' | 'empty'; name: string } | { kind: 'text'; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? all;
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const body = xml
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  const re = /<(\/?)([A-Za-z]+)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[4] !== undefined) {
      tokens.push({ kind: 'text', text: m[4] });
    } else {
      tokens.push({ kind: m[1] ? 'close' : m[3] ? 'empty' : 'open', name: m[2] ?? '' });
    }
  }
  return tokens;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  private skipSpace(): void {
    while (this.tokens[this.i]?.kind === 'text' && (this.tokens[this.i] as { text: string }).text.trim() === '') this.i++;
  }

  private textUntil(name: string): string {
    let text = '';
    for (;;) {
      const t = this.next();
      if (!t) throw new PlistError(`unterminated <${name}>`);
      if (t.kind === 'text') text += t.text;
      else if (t.kind === 'close' && t.name === name) return unescape(text);
      else throw new PlistError(`unexpected <${t.name}> inside <${name}>`);
    }
  }

  value(): unknown {
    this.skipSpace();
    const t = this.next();
    if (!t || t.kind === 'text' || t.kind === 'close') throw new PlistError('expected a value');
    if (t.kind === 'empty') {
      if (t.name === 'true') return true;
      if (t.name === 'false') return false;
      if (t.name === 'string') return '';
      if (t.name === 'dict') return {};
      if (t.name === 'array') return [];
      throw new PlistError(`unsupported <${t.name}/>`);
    }
    switch (t.name) {
      case 'dict':
        return this.dict();
      case 'array':
        return this.array();
      case 'string':
      case 'date':
        return this.textUntil(t.name);
      case 'data':
        return this.textUntil('data').replace(/\s+/g, '');
      case 'integer': {
        const text = this.textUntil('integer').trim();
        if (!/^[-+]?\d+$/.test(text)) throw new PlistError('bad <integer>');
        return Number(text);
      }
      case 'real': {
        const n = Number(this.textUntil('real').trim());
        if (Number.isNaN(n)) throw new PlistError('bad <real>');
        return n;
      }
      case 'true':
      case 'false':
        this.textUntil(t.name);
        return t.name === 'true';
      default:
        throw new PlistError(`unsupported <${t.name}>`);
    }
  }

  private dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      const t = this.next();
      if (t?.kind === 'close' && t.name === 'dict') return out;
      if (t?.kind !== 'open' || t.name !== 'key') throw new PlistError('expected <key> in <dict>');
      const key = this.textUntil('key');
      out[key] = this.value();
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      this.skipSpace();
      const t = this.tokens[this.i];
      if (t?.kind === 'close' && t.name === 'array') {
        this.i++;
        return out;
      }
      out.push(this.value());
    }
  }

  root(): unknown {
    this.skipSpace();
    const t = this.next();
    if (t?.kind !== 'open' || t.name !== 'plist') throw new PlistError('not an XML property list');
    const value = this.value();
    this.skipSpace();
    const end = this.next();
    if (end?.kind !== 'close' || end.name !== 'plist') throw new PlistError('expected </plist>');
    return value;
  }
}

export function parsePlistXml(text: string): unknown {
  if (text.startsWith('bplist')) throw new PlistError('binary property list (needs plutil)');
  return new Reader(tokenize(text)).root();
}
