/**
 * A minimal, strict XML parser for the install-unit tests: elements, attributes, text, comments,
 * the XML declaration and a DOCTYPE; the five predefined entities and character references.
 * Throws on anything not well-formed (mismatched or unclosed tags, bad attributes, stray '<' or '&').
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (entities decoded). */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_.:]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  return raw.replace(/&([^;&\s]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare '&' near offset ${where}`);
    if (body in ENTITIES) return ENTITIES[body] as string;
    const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(body);
    if (num?.[1]) return String.fromCodePoint(num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : Number(num[1]));
    throw new Error(`unknown entity ${match} near offset ${where}`);
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const text = source.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skip = (re: RegExp, what: string) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || m.index !== i) throw new Error(`expected ${what} at offset ${i}`);
    i += m[0].length;
  };
  while (i < text.length) {
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) throw new Error('unterminated processing instruction');
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new Error('unterminated comment');
      if (text.slice(i + 4, end).includes('--')) throw new Error(`'--' inside a comment at offset ${i}`);
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      if (root || stack.length) throw new Error('DOCTYPE after the root element');
      const end = text.indexOf('>', i);
      if (end < 0 || text.slice(i, end).includes('[')) throw new Error('unsupported DOCTYPE');
      i = end + 1;
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = NAME.exec(text.slice(i))?.[0];
      if (!name) throw new Error(`bad closing tag at offset ${i}`);
      i += name.length;
      skip(/\s*>/y, "'>'");
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name ?? '(nothing)'}>`);
    } else if (text[i] === '<') {
      i += 1;
      const name = NAME.exec(text.slice(i))?.[0];
      if (!name) throw new Error(`bad tag at offset ${i}`);
      i += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        const ws = /^\s*/.exec(text.slice(i))?.[0].length ?? 0;
        i += ws;
        if (text.startsWith('/>', i) || text[i] === '>') break;
        if (!ws) throw new Error(`expected whitespace before an attribute at offset ${i}`);
        const attr = /^([A-Za-z_:][-A-Za-z0-9_.:]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i));
        if (!attr?.[1]) throw new Error(`bad attribute at offset ${i}`);
        if (attr[1] in element.attributes) throw new Error(`duplicate attribute ${attr[1]}`);
        element.attributes[attr[1]] = decode(attr[3] ?? attr[4] ?? '', i);
        i += attr[0].length;
      }
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) throw new Error('more than one root element');
      else root = element;
      if (text.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(element);
      }
    } else {
      const end = text.indexOf('<', i);
      const raw = text.slice(i, end < 0 ? text.length : end);
      const parent = stack.at(-1);
      if (parent) parent.text += decode(raw, i);
      else if (raw.trim()) throw new Error(`text outside the root element at offset ${i}`);
      i += raw.length;
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)?.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Child elements by name, in order. */
export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The first element at a slash-separated path of child names, or undefined. */
export function find(element: XmlElement, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const part of path.split('/')) current = current ? children(current, part)[0] : undefined;
  return current;
}

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

/** An XML property list's root value (dict, array, string, integer, real, true, false, date, data). */
export function parsePlist(source: string): PlistValue {
  const root = parseXml(source);
  if (root.name !== 'plist' || root.children.length !== 1) throw new Error('not a plist with one root value');
  return plistValue(root.children[0] as XmlElement);
}

function plistValue(element: XmlElement): PlistValue {
  switch (element.name) {
    case 'dict': {
      const dict: { [key: string]: PlistValue } = {};
      const items = element.children;
      if (items.length % 2) throw new Error('dict with a key and no value');
      for (let k = 0; k < items.length; k += 2) {
        const key = items[k] as XmlElement;
        if (key.name !== 'key') throw new Error(`expected <key>, found <${key.name}>`);
        if (key.text in dict) throw new Error(`duplicate key ${key.text}`);
        dict[key.text] = plistValue(items[k + 1] as XmlElement);
      }
      return dict;
    }
    case 'array':
      return element.children.map(plistValue);
    case 'string':
    case 'date':
    case 'data':
      return element.text;
    case 'integer':
      if (!/^[-+]?\d+$/.test(element.text.trim())) throw new Error('bad <integer>');
      return Number(element.text);
    case 'real':
      return Number(element.text);
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      throw new Error(`unknown plist element <${element.name}>`);
  }
}
