import { gunzipSync } from 'node:zlib';
import { acceptsGzip, GZIP_MIN_SIZE, throughGzipHandler } from '../../src/testing/gzip-answer';

describe('acceptsGzip(acceptEncoding)', () => {
  it.each<[string | null, boolean]>([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, GZIP;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip;q=abc', false],
    ['gzip;q=0;level=1', true], // gziphandler resets q on each parameter
    ['deflate', false],
    ['*', false],
    [null, false],
  ])('%j → %s, as gziphandler parses it', (header, accepted) => {
    expect(acceptsGzip(header)).toBe(accepted);
  });
});

describe('throughGzipHandler(answer, acceptEncoding)', () => {
  const answer = (body: string) => ({ kind: 'response' as const, status: 200, headers: { 'Content-Type': 'application/json' }, body });

  it('gzips from 1,400 bytes, keeping the status and headers', async () => {
    const body = 'x'.repeat(GZIP_MIN_SIZE);
    const wire = await throughGzipHandler(answer(body), 'gzip');
    if (wire.kind !== 'response' || typeof wire.body === 'string') throw new Error('expected gzipped bytes');
    expect(wire.headers).toEqual({ 'Content-Type': 'application/json', Vary: 'Accept-Encoding', 'Content-Encoding': 'gzip' });
    expect(gunzipSync(wire.body).toString()).toBe(body);
  });

  it('counts bytes, not characters, and leaves shorter answers alone', async () => {
    expect(await throughGzipHandler(answer('é'.repeat(699)), 'gzip')).toMatchObject({ body: 'é'.repeat(699), headers: { Vary: 'Accept-Encoding' } });
    expect((await throughGzipHandler(answer('é'.repeat(700)), 'gzip')).kind === 'response').toBe(true);
    expect(await throughGzipHandler(answer('é'.repeat(700)), 'gzip')).toMatchObject({ headers: { 'Content-Encoding': 'gzip' } });
  });
});
