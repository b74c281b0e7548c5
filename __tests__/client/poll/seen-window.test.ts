import { SeenWindow } from '../../../src/client/poll/seen-window';

describe('SeenWindow.remember(id)', () => {
  it('reports an ID as new once, then as known', () => {
    const window = new SeenWindow(10);
    expect(window.remember('a')).toBe(true);
    expect(window.remember('a')).toBe(false);
  });

  it('starts with the given IDs already known', () => {
    const window = new SeenWindow(10, ['a', 'b']);
    expect(window.remember('b')).toBe(false);
    expect(window.remember('c')).toBe(true);
  });

  it('stays within its capacity, forgetting the least recently seen ID first', () => {
    const window = new SeenWindow(3, ['a', 'b', 'c']);
    window.remember('a'); // seen again: now the most recent
    window.remember('d'); // evicts b, the least recently seen
    expect(window.size).toBe(3);
    expect(window.remember('a')).toBe(false);
    expect(window.remember('b')).toBe(true);
  });

  it('keeps memory flat over an endless stream of IDs', () => {
    const window = new SeenWindow(256);
    for (let i = 0; i < 100_000; i++) window.remember(`id-${i}`);
    expect(window.size).toBe(256);
  });
});
