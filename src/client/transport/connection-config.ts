/** Where and how to reach the agent: shared by every call that talks to Consul. */
export interface ConnectionConfig {
  /** `scheme://host:port`, with IPv6 hosts bracketed. */
  readonly origin: string;
  /** Host name or IP address, IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly token: string | undefined;
  readonly tls: {
    readonly rejectUnauthorized: boolean;
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly servername?: string;
  };
}
