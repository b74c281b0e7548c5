import { indexOfEventId, indexOfEventList } from '../../src/consul/consul-index';

describe('indexOfEventId(id)', () => {
  it.each([
    ['b54fe110-7af5-cafc-d1fb-afc8ba432b1c', '7256511592453824992'],
    ['afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd', '12463707457861586267'],
    ['027caaf7-1ebc-6625-3a17-5a139e20d2e3', '4065607952832967878'],
  ])('XORs the two 64-bit halves of %s into %s, as the agent does', (id, index) => {
    expect(indexOfEventId(id)).toBe(index);
  });

  it('accepts upper-case hex the same as lower-case', () => {
    expect(indexOfEventId('B54FE110-7AF5-CAFC-D1FB-AFC8BA432B1C')).toBe('7256511592453824992');
  });

  it('refuses an ID that is not a UUID, naming the value', () => {
    expect(() => indexOfEventId('not-a-uuid')).toThrow(/"not-a-uuid"/);
  });
});

describe('indexOfEventList(events)', () => {
  it('is 1 for an empty list', () => {
    expect(indexOfEventList([])).toBe('1');
  });

  it('is the index of the newest (last) event', () => {
    const events = [
      { ID: 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd' },
      { ID: '027caaf7-1ebc-6625-3a17-5a139e20d2e3' },
    ];
    expect(indexOfEventList(events)).toBe('4065607952832967878');
  });
});
