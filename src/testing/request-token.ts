/**
 * The ACL token of a request, found where the agent looks, in its order: the deprecated
 * `?token=` query parameter, then `X-Consul-Token`, then `Authorization: Bearer <token>`
 * (scheme case-insensitive, first word of the value). `''` when there is none.
 *
 * @example
 * ```ts
 * requestToken(new URLSearchParams(), new Headers({ Authorization: 'Bearer s3cret' })); // 's3cret'
 * requestToken(new URLSearchParams(), new Headers());                                  // ''
 * ```
 */
export function requestToken(query: URLSearchParams, headers: Headers): string {
  const fromQuery = query.get('token');
  if (fromQuery) return fromQuery;
  const fromHeader = headers.get('X-Consul-Token');
  if (fromHeader) return fromHeader;
  const [scheme = '', ...value] = (headers.get('Authorization') ?? '').split(' ');
  if (value.length === 0 || scheme.toLowerCase() !== 'bearer') return '';
  return value.join(' ').trim().split(' ')[0] ?? '';
}
