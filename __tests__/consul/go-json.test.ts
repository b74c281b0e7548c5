import { marshalGoJson } from '../../src/consul/go-json';

describe('marshalGoJson(value, pretty)', () => {
  const event = { ID: 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd', Name: 'deploy', Payload: null, Version: 1 };

  it('is compact without pretty', () => {
    expect(marshalGoJson([event], false)).toBe(
      '[{"ID":"afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd","Name":"deploy","Payload":null,"Version":1}]',
    );
  });

  it('indents by four spaces and ends with a newline with pretty', () => {
    expect(marshalGoJson([{ Name: 'a' }], true)).toBe('[\n    {\n        "Name": "a"\n    }\n]\n');
  });

  it('writes an empty list as [] (never null)', () => {
    expect(marshalGoJson([], false)).toBe('[]');
  });

  it('escapes <, >, &, U+2028 and U+2029 like Go, and still parses back', () => {
    const json = marshalGoJson({ Name: '<a&b>\u2028\u2029' }, false);
    expect(json).toBe('{"Name":"\\u003ca\\u0026b\\u003e\\u2028\\u2029"}');
    expect(JSON.parse(json)).toEqual({ Name: '<a&b>\u2028\u2029' });
  });
});
