import type { AgentRequest, AgentResponse } from './agent-server';

/** Response headers a browser needs to read the agent's answers. */
const EXPOSED_HEADERS = 'X-Consul-Index, X-Consul-Results-Filtered-By-ACLs, Retry-After';

/**
 * Adds permissive CORS headers for browser tests (a real agent sends none), and answers a
 * preflight itself. Returns `true` when the request was a preflight and is done.
 *
 * @example
 * ```ts
 * if (cors && applyCors(req, res)) return; // preflight answered with 204
 * ```
 */
export function applyCors(req: AgentRequest, res: AgentResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  res.setHeader('Vary', 'Origin');
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Authorization, X-Consul-Token');
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204);
  res.end();
  return true;
}
