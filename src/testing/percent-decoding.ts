const utf8 = new TextDecoder();

/**
 * Decodes `%XX` escapes as Go's `URL.Path` does: runs of escapes become UTF-8 text
 * (invalid sequences turn into U+FFFD), and `+` stays a plus. Malformed escapes stay as
 * written.
 *
 * @example
 * ```ts
 * decodePercentEncoded('/v1/event/fire/a%2Fb%20c%3F%25%C3%A9'); // '/v1/event/fire/a/b c?%é'
 * ```
 */
export function decodePercentEncoded(raw: string): string {
  return raw.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = run.slice(1).split('%').map((hex) => Number.parseInt(hex, 16));
    return utf8.decode(Uint8Array.from(bytes));
  });
}
