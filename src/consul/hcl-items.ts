/**
 * A value in Consul's ACL rule language (HCL 1, or its JSON form): text, a number, a flag,
 * a list, or an object of further items.
 *
 * @example
 * ```ts
 * const body: HclValue = { items: [{ keys: ['policy'], value: 'read' }] };
 * ```
 */
export type HclValue = string | number | boolean | HclValue[] | { items: HclItem[] };

/**
 * One item of an object: `event "deploy" { policy = "read" }` is the keys
 * `['event', 'deploy']` with an object value; `policy = "read"` is `['policy']` and `'read'`.
 *
 * @example
 * ```ts
 * const item: HclItem = { keys: ['event_prefix', ''], value: { items: [{ keys: ['policy'], value: 'deny' }] } };
 * ```
 */
export interface HclItem {
  keys: string[];
  value: HclValue;
}

type Token =
  | { kind: 'text' | 'word'; text: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'punct'; text: '=' | '{' | '}' | '[' | ']' | ','; line: number };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/**
 * Parses the HCL 1 that Consul's ACL rules are written in (the subset rules use: blocks
 * with quoted labels, `key = value`, strings, numbers, booleans, lists, `#`, `//` and
 * `/* *\/` comments), or their JSON form, into items. Throws an `Error` naming the line
 * for anything else (heredocs and interpolation are not rule syntax).
 *
 * @example
 * ```ts
 * parseHclItems('event "deploy" { policy = "read" }');
 * // [{ keys: ['event', 'deploy'], value: { items: [{ keys: ['policy'], value: 'read' }] } }]
 * ```
 */
export function parseHclItems(text: string): HclItem[] {
  if (text.trimStart().startsWith('{')) return jsonItems(JSON.parse(text) as unknown);
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const fail = (message: string, token = peek()): never => {
    throw new Error(`line ${token?.line ?? lastLine(text)}: ${message}`);
  };
  const isPunct = (token: Token | undefined, text: string): boolean => token?.kind === 'punct' && token.text === text;

  const parseValue = (): HclValue => {
    const token = tokens[position++];
    if (!token) return fail('expected a value, got the end');
    if (token.kind === 'text') return token.text;
    if (token.kind === 'number') return token.value;
    if (token.kind === 'word' && (token.text === 'true' || token.text === 'false')) return token.text === 'true';
    if (token.kind === 'punct' && token.text === '{') return { items: parseItems('}') };
    if (token.kind === 'punct' && token.text === '[') {
      const list: HclValue[] = [];
      while (!isPunct(peek(), ']')) {
        list.push(parseValue());
        if (isPunct(peek(), ',')) position += 1;
        else if (!isPunct(peek(), ']')) fail('expected "," or "]" in a list');
      }
      position += 1;
      return list;
    }
    return fail(`unexpected ${describe(token)}`, token);
  };

  const parseItems = (closing: '}' | undefined): HclItem[] => {
    const items: HclItem[] = [];
    for (;;) {
      const token = peek();
      if (closing ? isPunct(token, closing) : token === undefined) {
        position += 1;
        return items;
      }
      if (!token) return fail(`expected "${closing}", got the end`);
      const keys: string[] = [];
      while (peek()?.kind === 'word' || peek()?.kind === 'text') keys.push((tokens[position++] as { text: string }).text);
      if (keys.length === 0) fail(`expected a key, got ${describe(peek())}`);
      if (isPunct(peek(), '=')) {
        position += 1;
        items.push({ keys, value: parseValue() });
      } else if (isPunct(peek(), '{')) {
        items.push({ keys, value: parseValue() });
      } else {
        fail(`expected "=" or "{" after ${keys.join(' ')}`);
      }
      if (isPunct(peek(), ',')) position += 1;
    }
  };
  return parseItems(undefined);
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end';
  return token.kind === 'number' ? String(token.value) : JSON.stringify(token.text);
}

function lastLine(text: string): number {
  return text.split('\n').length;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\n') {
      line += 1;
      i += 1;
    } else if (/\s/.test(char)) {
      i += 1;
    } else if (char === '#' || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: a /* comment is never closed`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (char === '"') {
      let value = '';
      i += 1;
      while (text[i] !== '"') {
        if (i >= text.length || text[i] === '\n') throw new Error(`line ${line}: a string is never closed`);
        if (text[i] === '\\') {
          const escaped = ESCAPES[text[i + 1] ?? ''];
          if (escaped === undefined) throw new Error(`line ${line}: unknown escape \\${text[i + 1] ?? ''} in a string`);
          value += escaped;
          i += 2;
        } else {
          value += text[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'text', text: value, line });
    } else if ('={}[],'.includes(char)) {
      tokens.push({ kind: 'punct', text: char as '=', line });
      i += 1;
    } else {
      const word = /^-?\d+(?:\.\d+)?|^[A-Za-z_][\w.-]*/.exec(text.slice(i))?.[0];
      if (!word) throw new Error(`line ${line}: unexpected ${JSON.stringify(char)}`);
      tokens.push(/^-?\d/.test(word) ? { kind: 'number', value: Number(word), line } : { kind: 'word', text: word, line });
      i += word.length;
    }
  }
  return tokens;
}

/** HCL's JSON form: each property an item; a list of objects, one item per object. */
function jsonItems(json: unknown): HclItem[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('JSON rules must be an object');
  return Object.entries(json).flatMap(([key, value]) =>
    Array.isArray(value) && value.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry))
      ? value.map((entry) => ({ keys: [key], value: jsonValue(entry) }))
      : [{ keys: [key], value: jsonValue(value) }],
  );
}

function jsonValue(json: unknown): HclValue {
  if (typeof json === 'string' || typeof json === 'number' || typeof json === 'boolean') return json;
  if (Array.isArray(json)) return json.map(jsonValue);
  if (json !== null && typeof json === 'object') return { items: jsonItems(json) };
  throw new Error(`JSON rules cannot hold ${JSON.stringify(json)}`);
}
