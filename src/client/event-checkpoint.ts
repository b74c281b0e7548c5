import { indexOfEventId, isConsulIndex } from '../consul/consul-index';
import type { ConsulEvent } from '../consul/event';
import { optionChecks } from './option-checks';
import { SeenWindow } from './seen-window';

/** A saved position in an event stream: plain JSON, to keep in a file or a KV store. */
export interface ConsulEventsCheckpoint {
  /** `X-Consul-Index` of a list whose newest event is the last one handled. */
  readonly index?: string;
  /** IDs of the events handled most recently, oldest first. */
  readonly seenIds: readonly string[];
}

const DEFAULT_CAPACITY = 1_024;

/** The agent's index for a list ending with this event; none for an ID that is not a UUID. */
function indexOrUndefined(id: string | undefined): string | undefined {
  try {
    return id === undefined ? undefined : indexOfEventId(id);
  } catch {
    return undefined;
  }
}

/**
 * Tracks which events were handled, so a restarted process resumes where it stopped:
 * nothing still in the agent's buffer is handled twice, nothing fired meanwhile is missed.
 *
 * Call `record(event)` after an event is handled (in order, e.g. inside `concatMap`), save
 * `toJSON()`, and after a restart pass `resumeOptions()` to `consulEvents$`. The index is
 * computed the way the agent computes it (from the last handled event's ID), so the first
 * request blocks when nothing happened while the process was down, and answers at once
 * with the missed events otherwise. A `gap` status on resume means events fired while the
 * process was down may have left the agent's 256-event buffer before it came back.
 *
 * @example
 * ```ts
 * import { consulEvents$, EventCheckpoint } from 'rx-consul-events';
 * import { existsSync, readFileSync, writeFileSync } from 'node:fs';
 * import { concatMap } from 'rxjs';
 *
 * const file = 'deploy.checkpoint.json';
 * const checkpoint = new EventCheckpoint(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
 * consulEvents$('deploy', checkpoint.resumeOptions())
 *   .pipe(concatMap(async (event) => {
 *     await deploy(event);
 *     checkpoint.record(event);
 *     writeFileSync(file, JSON.stringify(checkpoint));
 *   }))
 *   .subscribe();
 * // deploy.checkpoint.json: {"index":"7256511592453824992","seenIds":["b54fe110-7af5-cafc-d1fb-afc8ba432b1c"]}
 * ```
 */
export class EventCheckpoint {
  private readonly ids: SeenWindow;
  private lastId: string | undefined;
  private index: string | undefined;

  /**
   * @param saved a checkpoint saved earlier (`toJSON()` output), or nothing to start fresh
   * @param capacity how many handled IDs to keep; must cover the agent's buffer (256)
   */
  constructor(saved?: ConsulEventsCheckpoint, readonly capacity = DEFAULT_CAPACITY) {
    const check = optionChecks('EventCheckpoint');
    check.number('capacity', capacity, 1, 10_000_000, { integer: true });
    if (saved !== undefined && (saved === null || typeof saved !== 'object' || !Array.isArray(saved.seenIds))) {
      throw new TypeError(check.fail('saved', 'a checkpoint object { index?, seenIds: string[] }', saved));
    }
    const seenIds = saved?.seenIds ?? [];
    seenIds.forEach((id, i) => check.string(`saved.seenIds[${i}]`, id));
    if (saved?.index !== undefined && (typeof saved.index !== 'string' || !isConsulIndex(saved.index))) {
      throw new TypeError(check.fail('saved.index', 'an X-Consul-Index string', saved.index));
    }
    this.ids = new SeenWindow(capacity, seenIds);
    this.lastId = seenIds[seenIds.length - 1];
    this.index = saved?.index;
  }

  /** Marks `event` as handled: it becomes the resume point. */
  record(event: Pick<ConsulEvent, 'ID'>): void {
    this.ids.remember(event.ID);
    this.lastId = event.ID;
    this.index = undefined;
  }

  /** The checkpoint as plain JSON data. */
  toJSON(): ConsulEventsCheckpoint {
    const index = this.index ?? indexOrUndefined(this.lastId);
    return { ...(index !== undefined && { index }), seenIds: [...this.ids.values()] };
  }

  /** `initialIndex` and `seenIds` for `consulEvents$`, to resume after the last handled event. */
  resumeOptions(): { initialIndex?: string; seenIds: string[] } {
    const { index, seenIds } = this.toJSON();
    return { ...(index !== undefined && { initialIndex: index }), seenIds: [...seenIds] };
  }
}
