import { consulEvents$ } from '../../../src';
import { normalizeWatchOptions } from '../../../src/client/options/watch-options';
import type { ConsulEventsOptions } from '../../../src';

const noEnv = {};
const watch = (options: unknown, env: Record<string, string> = noEnv) =>
  normalizeWatchOptions('deploy', options as ConsulEventsOptions, env);

describe('consulEvents$(name, options) validation', () => {
  it('throws synchronously, when called, not when subscribed', () => {
    expect(() => consulEvents$('deploy', { port: 70_000 })).toThrow(RangeError);
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['a port out of range', { port: 70_000 }, RangeError, /options\.port must be an integer from 1 to 65535, got 70000/],
    ['a fractional port', { port: 80.5 }, RangeError, /options\.port .* got 80\.5/],
    ['a port given as a string', { port: '8500' }, TypeError, /options\.port .* got "8500"/],
    ['a negative timeout', { timeout: -1 }, RangeError, /options\.timeout must be a number above 0 and at most 600, got -1/],
    ['a zero timeout', { timeout: 0 }, RangeError, /options\.timeout .* got 0/],
    ['a timeout above 600 s', { timeout: 601 }, RangeError, /options\.timeout .* got 601/],
    ['a timeout below one millisecond', { timeout: 0.0001 }, RangeError, /options\.timeout .* got 0\.0001/],
    ['a non-string host', { host: 42 }, TypeError, /options\.host must be a non-empty string, got 42/],
    ['a host with a scheme', { host: 'http://consul' }, TypeError, /options\.host .* got "http:\/\/consul"/],
    ['a host with a port', { host: 'localhost:8500' }, TypeError, /options\.host must be a host name or IP address without scheme, path or port, got "localhost:8500"/],
    ['an unknown scheme', { scheme: 'ftp' }, TypeError, /options\.scheme must be 'http' or 'https', got "ftp"/],
    ['a non-boolean sslVerify', { sslVerify: 'no' }, TypeError, /options\.sslVerify must be true or false, got "no"/],
    ['a non-boolean replay', { replay: 0 }, TypeError, /options\.replay must be true or false, got 0/],
    ['an unknown key', { hots: 'x' }, TypeError, /options has unknown option "hots"; known options are host, port/],
    ['an index given as a number', { initialIndex: 12463707457861586267 }, TypeError, /options\.initialIndex must be an X-Consul-Index string/],
    ['an index that is not decimal', { initialIndex: '12a' }, TypeError, /options\.initialIndex .* got "12a"/],
    ['an index above 2^64 - 1', { initialIndex: '18446744073709551616' }, TypeError, /options\.initialIndex/],
    ['seenIds given as one string', { seenIds: 'abc' }, TypeError, /options\.seenIds must be an iterable of event ID strings, got "abc"/],
    ['a non-string seen ID', { seenIds: ['a', 7] }, TypeError, /options\.seenIds\[1\] must be a non-empty string, got 7/],
    ['a seen ID longer than any event ID', { seenIds: ['x'.repeat(129)] }, RangeError, /options\.seenIds\[0\] must be an event ID of at most 128 characters/],
    ['a non-boolean shared', { shared: 'yes' }, TypeError, /options\.shared must be true or false, got "yes"/],
    ['an unknown retry key', { retry: { delay: 5 } }, TypeError, /options\.retry has unknown option "delay"/],
    ['a negative retry delay', { retry: { initialDelay: -5 } }, RangeError, /options\.retry\.initialDelay .* got -5/],
    ['a maxDelay below initialDelay', { retry: { initialDelay: 500, maxDelay: 100 } }, RangeError, /options\.retry\.maxDelay must be a number from 500/],
    ['a fractional maxRetries', { retry: { maxRetries: 1.5 } }, RangeError, /options\.retry\.maxRetries must be an integer/],
    ['a seen window of 0', { seenWindow: 0 }, RangeError, /options\.seenWindow must be an integer from 1/],
    ['a PEM that is a number', { ca: 5 }, TypeError, /options\.ca must be PEM text/],
    ['options that are not an object', 'fast', TypeError, /consulEvents\$: options must be an object, got "fast"/],
  ])('rejects %s, naming the option and the value', (_, options, type, message) => {
    expect(() => watch(options)).toThrow(type);
    expect(() => watch(options)).toThrow(message);
  });

  it('rejects an empty or non-string name', () => {
    expect(() => normalizeWatchOptions('', {}, noEnv)).toThrow(/consulEvents\$: name must be a non-empty string, got ""/);
    expect(() => normalizeWatchOptions(5, {}, noEnv)).toThrow(TypeError);
  });

  it('resumes from seenIds whatever replay says: replay only chooses the start when there is no checkpoint', () => {
    expect(watch({ replay: false, seenIds: ['a'] }).start).toBe('resume');
    expect(watch({ replay: false, seenIds: [] }).start).toBe('skip');
    expect(watch({ replay: false, initialIndex: '42' }).start).toBe('skip');
    expect(watch({}).start).toBe('replay');
  });

  it('never echoes a token it rejects', () => {
    const secret = 'b1gs3cret-line\nbreak';
    const attempt = () => watch({ token: secret });
    expect(attempt).toThrow(/the ACL token must be a single line of characters an HTTP header can carry, got a string \(value redacted\)/);
    for (const unsendable of ['b1gs3cret\u0001', 'b1gs3cret\u0100', 'b1gs3cret\u007f']) {
      expect(() => watch({ token: unsendable })).toThrow(/the ACL token must be a single line of characters an HTTP header can carry/);
    }
    expect(() => watch({ token: 12345 })).toThrow(/options\.token must be a string, got a number \(value redacted\)/);
    try { attempt(); } catch (error) { expect(String((error as Error).message)).not.toContain('b1gs3cret'); }
  });
});

describe('normalizeWatchOptions(name, options) defaults', () => {
  it('talks to 127.0.0.1:8500 over http with a 60 s wait and certificate checks on', () => {
    const config = watch({});
    expect(config.connection.origin).toBe('http://127.0.0.1:8500');
    expect(config.connection.tls.rejectUnauthorized).toBe(true);
    expect(config.connection.token).toBeUndefined();
    expect(config.wait).toBe('60s');
    expect(config.start).toBe('replay');
    expect(config.shared).toBe(true);
    expect(config.seenWindow).toBe(1024);
    expect(config.retry).toEqual({ initialDelay: 1_000, maxDelay: 30_000, maxRetries: Infinity });
  });

  it('sets the HTTP timeout above the wait, with room for the agent to answer', () => {
    const config = watch({ timeout: 0.5 });
    expect(config.wait).toBe('500ms');
    expect(config.httpTimeoutMs).toBeGreaterThan(500);
  });

  it('brackets an IPv6 host in the URL', () => {
    expect(watch({ host: '::1', port: 8501, scheme: 'https' }).connection.origin).toBe('https://[::1]:8501');
  });

  it('accepts PEM bytes and keeps them as text', () => {
    expect(watch({ ca: new TextEncoder().encode('-----BEGIN CERTIFICATE-----') }).connection.tls.ca).toBe('-----BEGIN CERTIFICATE-----');
  });

  it('treats an empty token as no token', () => {
    expect(watch({ token: '' }).connection.token).toBeUndefined();
  });
});
