/**
 * JSON as Go's `encoding/json` writes an API answer: compact by default; with `?pretty`
 * (or on a dev agent) indented by four spaces with a trailing newline. Like Go, it
 * escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings.
 *
 * @example
 * ```ts
 * marshalGoJson([{ Name: 'a<b' }], false); // '[{"Name":"a\u003cb"}]'
 * marshalGoJson([], true);                 // '[]\n'
 * ```
 */
export function marshalGoJson(value: unknown, pretty: boolean): string {
  const json = JSON.stringify(value, null, pretty ? 4 : undefined).replace(/[<>&\u2028\u2029]/g, escapeCharacter);
  return pretty ? `${json}\n` : json;
}

function escapeCharacter(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
