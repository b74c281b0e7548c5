/**
 * Whether Go's `url.ParseQuery` refuses a raw query string, which makes the agent answer
 * `500` with an empty body before anything else (agent/http.go `wrap`): a `;` anywhere
 * (Go 1.17+ no longer takes it as a separator), or a `%` not followed by two hex digits.
 *
 * @example
 * ```ts
 * isMalformedGoQuery('name=deploy&index=42'); // false
 * isMalformedGoQuery('name=deploy;index=42'); // true
 * isMalformedGoQuery('name=%zz');             // true
 * ```
 */
export function isMalformedGoQuery(rawQuery: string): boolean {
  return rawQuery.includes(';') || /%(?![0-9a-fA-F]{2})/.test(rawQuery);
}
