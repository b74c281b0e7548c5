/**
 * What the door suites share: an emulated agent reachable over HTTP, opened afresh for
 * each test, and small fetch helpers. Each door (MSW handlers, node:http server) runs the
 * same suites, so a difference between them fails a test.
 */
import type { ConsulEvent } from '../../src/consul/event';
import type { ConsulEventStore, ConsulEventStoreOptions } from '../../src/testing';

/** An emulated agent reachable over HTTP at `url`. */
export interface OpenedDoor {
  url: string;
  store: ConsulEventStore;
  close(): Promise<void> | void;
}

export type OpenDoor = (options?: ConsulEventStoreOptions) => Promise<OpenedDoor>;

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** The events of a list answer. */
export const eventsOf = (answer: Answer): ConsulEvent[] => JSON.parse(answer.body) as ConsulEvent[];

/** The `X-Consul-Index` of an answer, or `null`. */
export const indexOf = (answer: Answer): string | null => answer.headers.get('X-Consul-Index');

/** Opens a fresh door before each test of the calling `describe` and closes it after. */
export function useDoor(openDoor: OpenDoor) {
  let door: OpenedDoor;
  beforeEach(async () => {
    door = await openDoor();
  });
  afterEach(() => door.close());

  const send = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(`${door.url}${path}`, init);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  return {
    /** The current test's emulated agent. */
    get store(): ConsulEventStore {
      return door.store;
    },
    /** Replaces the current door by one with these agent options. */
    async reopen(options?: ConsulEventStoreOptions): Promise<void> {
      await door.close();
      door = await openDoor(options);
    },
    send,
    list: (query = '', init: RequestInit = {}) => send(`/v1/event/list${query}`, init),
    fire: (name: string, init: RequestInit = {}) => send(`/v1/event/fire/${name}`, { method: 'PUT', ...init }),
  };
}
