/**
 * What the agent's 256-event buffer holds while one name is watched (issue 16's two shapes):
 *
 * - `only`: every event is of the watched name, so each answer lists 256 (~45 KB);
 * - `busy`: one event in 16 is of the watched name, the others go round-robin to 64 other
 *   names, so a name-filtered answer lists ~16 events and an unfiltered one 256.
 *
 * A rate is the events per second the agent receives, of any name: in the busy shape the
 * watched name gets one in 16 of them. The emulator process and the driver both use this
 * module.
 */
export type BufferShape = 'only' | 'busy';

export const SHAPES: readonly BufferShape[] = ['only', 'busy'];

/** One event in `BUSY_EVERY` is of the watched name in the busy shape. */
export const BUSY_EVERY = 16;
/** How many other names share the busy buffer. */
export const BUSY_OTHER_NAMES = 64;
/** The agent's ring (Consul keeps 256 user events). */
export const RING = 256;

/** Events the agent receives per event of the watched name. */
export const firesPerWatched = (shape: BufferShape): number => (shape === 'busy' ? BUSY_EVERY : 1);

/**
 * The name of the `i`-th event fired (0-based) while `watched` is watched: in the busy
 * shape every 16th is `watched` (the last of each 16), the others cycle through 64 names.
 */
export function nameOfFire(shape: BufferShape, watched: string, i: number): string {
  if (shape === 'only' || i % BUSY_EVERY === BUSY_EVERY - 1) return watched;
  const other = i - Math.floor(i / BUSY_EVERY); // position among the other names' events
  return `${watched}~other-${other % BUSY_OTHER_NAMES}`;
}

/** The shape as tables and charts name it. */
export const shapeShort = (shape: BufferShape): string => (shape === 'only' ? 'only watched' : 'busy (64 others)');
