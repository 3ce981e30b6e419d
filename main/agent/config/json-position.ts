/**
 * Where a JSON text first stops being JSON, as a line and column (1-based), so `config check`
 * can point IT at the mistake. V8's JSON.parse messages differ between Node versions (and some
 * carry no position), so this is a small strict scanner of its own: linear, no recursion limit
 * problems for configuration-sized input (nesting is bounded by MAX_DEPTH).
 */
const MAX_DEPTH = 512;

export interface JsonPosition {
  line: number;
  column: number;
}

class Stop extends Error {
  constructor(readonly at: number) {
    super('json');
  }
}

/** The position of the first syntax error, or undefined when the text is valid JSON. */
export function jsonErrorPosition(text: string): JsonPosition | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) throw new Stop(i);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < ' ') throw new Stop(i);
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else throw new Stop(i);
      } else i++;
    }
    throw new Stop(i);
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') throw new Stop(i);
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Stop(i);
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Stop(i);
        string();
        ws();
        expect(':');
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw new Stop(i);
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw new Stop(i);
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return number();
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Stop(i);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return positionOf(text, error.at);
  }
}

function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      start = k + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
