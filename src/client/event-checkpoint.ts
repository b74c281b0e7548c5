import { isConsulIndex } from '../consul/consul-index';
import type { ConsulEvent } from '../consul/event';
import { DEFAULT_ID_WINDOW, optionChecks } from './options/option-checks';
import { SeenWindow } from './poll/seen-window';

/**
 * A saved position in an event stream: plain JSON, to keep in a file or a KV store.
 *
 * @example
 * ```ts
 * import { EventCheckpoint, type ConsulEventsCheckpoint } from 'rx-consul-events';
 *
 * const saved: ConsulEventsCheckpoint = JSON.parse(readFileSync('deploy.checkpoint.json', 'utf8'));
 * const checkpoint = new EventCheckpoint(saved); // {"seenIds":["b54fe110-7af5-cafc-d1fb-afc8ba432b1c"]}
 * ```
 */
export interface ConsulEventsCheckpoint {
  /**
   * @deprecated Written by 0.1; still accepted (and checked) when read back, no longer
   * written or needed: the last of `seenIds` marks the position.
   */
  readonly index?: string;
  /** IDs of the events handled most recently, oldest first; the last one is where to resume. */
  readonly seenIds: readonly string[];
}

/**
 * Tracks which events were handled, so a restarted process resumes where it stopped:
 * nothing still in the agent's buffer is handled twice, nothing fired meanwhile is missed.
 *
 * Call `record(event)` after an event is handled (in order, e.g. inside `concatMap`), save
 * `toJSON()`, and after a restart pass `resumeOptions()` to `consulEvents$`. The stream then
 * emits only the events the agent lists after the last recorded one. A `gap` status on
 * resume means that event is no longer in the agent's 256-event buffer: events fired while
 * the process was down may have left it before it came back, and every listed event not
 * recorded is emitted.
 *
 * An empty checkpoint resumes nothing: combine it with `replay` to choose what a first run
 * does, e.g. `{ replay: false, ...checkpoint.resumeOptions() }` starts from now the first
 * time and from the checkpoint ever after.
 *
 * @example
 * ```ts
 * import { consulEvents$, EventCheckpoint } from 'rx-consul-events';
 * import { existsSync, readFileSync, writeFileSync } from 'node:fs';
 * import { concatMap } from 'rxjs';
 *
 * const file = 'deploy.checkpoint.json';
 * const checkpoint = new EventCheckpoint(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
 * consulEvents$('deploy', { replay: false, ...checkpoint.resumeOptions() })
 *   .pipe(concatMap(async (event) => {
 *     await deploy(event);
 *     checkpoint.record(event);
 *     writeFileSync(file, JSON.stringify(checkpoint));
 *   }))
 *   .subscribe();
 * // deploy.checkpoint.json: {"seenIds":["b54fe110-7af5-cafc-d1fb-afc8ba432b1c"]}
 * ```
 */
export class EventCheckpoint {
  private readonly ids: SeenWindow;

  /**
   * @param saved a checkpoint saved earlier (`toJSON()` output), or nothing to start fresh
   * @param capacity how many handled IDs to keep; must cover the agent's buffer (256)
   */
  constructor(saved?: ConsulEventsCheckpoint, readonly capacity = DEFAULT_ID_WINDOW) {
    const check = optionChecks('EventCheckpoint');
    check.idWindow('capacity', capacity);
    if (saved !== undefined && (saved === null || typeof saved !== 'object' || !Array.isArray(saved.seenIds))) {
      throw new TypeError(check.fail('saved', 'a checkpoint object { seenIds: string[] }', saved));
    }
    const seenIds = saved?.seenIds ?? [];
    seenIds.forEach((id, i) => check.string(`saved.seenIds[${i}]`, id));
    if (saved?.index !== undefined && (typeof saved.index !== 'string' || !isConsulIndex(saved.index))) {
      throw new TypeError(check.fail('saved.index', 'an X-Consul-Index string', saved.index));
    }
    this.ids = new SeenWindow(capacity, seenIds);
  }

  /** Marks `event` as handled: it becomes the resume point. */
  record(event: Pick<ConsulEvent, 'ID'>): void {
    this.ids.remember(event.ID);
  }

  /** The checkpoint as plain JSON data. */
  toJSON(): ConsulEventsCheckpoint {
    return { seenIds: [...this.ids.values()] };
  }

  /** `seenIds` for `consulEvents$`, to resume after the last handled event. */
  resumeOptions(): { seenIds: string[] } {
    return { seenIds: [...this.ids.values()] };
  }
}
