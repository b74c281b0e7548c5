import type { ContenderHealth } from '../client/contender';

/** What a client process reports at the end of a measurement window. */
export interface ClientReport {
  delivered: number;
  firstUs: number;
  lastUs: number;
  markedUs: number;
  endUs: number;
  cpu: NodeJS.CpuUsage;
  health: ContenderHealth;
  ids?: string[];
}

/** What the emulator counted since its last `mark`. */
export interface EmulatorStats {
  listAnswers: number;
  /** Bytes of list bodies as the client parses them (before any gzip). */
  listBytes: number;
  /** Bytes of list bodies on the wire (gzipped for a client that asks; none of the contenders does). */
  listWireBytes: number;
  openListRequests: number;
  pendingWaits: number;
  /** TCP connections from clients open now, the most open at once and how many were accepted since the last `mark`. */
  sockets: number;
  socketsPeak: number;
  socketsAccepted: number;
  cpu: NodeJS.CpuUsage;
}

/** A `fireRun`: the watched name's IDs in firing order, and how many events of any name were fired. */
export interface FireRun { ids: string[]; fired: number; startUs: number; endUs: number }
