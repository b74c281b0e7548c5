import { selectEvents } from '../../src/consul/event-selection';
import { createUserEvent } from '../../src/consul/user-event';

const buffer = ['deploy', 'Deploy', 'other', 'deploy', 'deploy-web'].map((name) => createUserEvent(name, null, {}));
const names = (events: Array<{ Name: string }>) => events.map((event) => event.Name);

describe('selectEvents(buffer, name, canRead)', () => {
  it('keeps only exact, case-sensitive name matches, in buffer order', () => {
    const { events } = selectEvents(buffer, 'deploy');
    expect(events).toEqual([buffer[0], buffer[3]]);
  });

  it('keeps every event when the name is absent or empty', () => {
    expect(names(selectEvents(buffer, undefined).events)).toEqual(names(buffer));
    expect(names(selectEvents(buffer, '').events)).toEqual(names(buffer));
  });

  it('drops events the token may not read, and says so', () => {
    const selection = selectEvents(buffer, undefined, (name) => name.startsWith('deploy'));
    expect(names(selection.events)).toEqual(['deploy', 'deploy', 'deploy-web']);
    expect(selection.hiddenByAcl).toBe(true);
  });

  it('does not report events hidden by the name filter as hidden by ACLs', () => {
    const selection = selectEvents(buffer, 'deploy', (name) => name === 'deploy');
    expect(selection).toEqual({ events: [buffer[0], buffer[3]], hiddenByAcl: false });
  });
});
