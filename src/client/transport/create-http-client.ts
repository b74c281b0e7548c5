import { createAxiosHttpClient } from './axios-http-client';
import type { ConnectionConfig } from './connection-config';
import type { ConsulHttpClient } from './http-client';
import { createNodeHttpClient } from './node-http-client';

/**
 * Creates the HTTP client for one subscription (or one fire). In Node, requests go through
 * `node:http(s)` with a keep-alive agent the client owns (TLS options on it), and axios is
 * never loaded; elsewhere (browsers) through axios, loaded by the first request, and the
 * browser pools connections itself. Either way the token
 * travels only in `X-Consul-Token`, redirects are refused (one would carry the token to
 * another host), no proxy is used, and bodies over 8 MB are refused. In Node no compression
 * is asked for: an agent compresses every answer for a client that asks, at a cost to both.
 */
export function createConsulHttpClient(connection: ConnectionConfig): ConsulHttpClient {
  const getBuiltinModule = globalThis.process?.getBuiltinModule;
  return typeof getBuiltinModule === 'function'
    ? createNodeHttpClient(connection, getBuiltinModule)
    : createAxiosHttpClient(connection);
}
