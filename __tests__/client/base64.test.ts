import fc from 'fast-check';
import { base64ToBytes } from '../../src/client/base64';

const bytesOf = (text: string) => [...base64ToBytes(text)];

describe('base64ToBytes(text)', () => {
  it.each([
    ['', ''],
    ['Zg==', 'f'],
    ['Zm8=', 'fo'],
    ['Zm9v', 'foo'],
    ['Zm9vYg==', 'foob'],
    ['Zm9vYmE=', 'fooba'],
    ['Zm9vYmFy', 'foobar'],
  ])('decodes the RFC 4648 vector %j to %j', (encoded, decoded) => {
    expect(new TextDecoder().decode(base64ToBytes(encoded))).toBe(decoded);
  });

  it('decodes every byte value, including + and / in the alphabet, as Consul encodes them', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let length = 0; length <= 3; length++) {
      const bytes = all.subarray(0, all.length - length);
      const encoded = Buffer.from(bytes).toString('base64');
      expect(base64ToBytes(encoded)).toEqual(bytes);
    }
    expect(bytesOf('+/+/')).toEqual([0xfb, 0xff, 0xbf]);
  });

  it.each([
    ['Zg', 'its length (2) is not a multiple of 4'],
    ['Zm9vY', 'its length (5) is not a multiple of 4'],
    ['Zm9v\n', 'its length (5) is not a multiple of 4'],
    ['Zm 9', 'it contains " " at position 2, outside the standard alphabet'],
    ['-_8=', 'it contains "-" at position 0, outside the standard alphabet'],
    ['Zm9\u00e9', 'it contains "\u00e9" at position 3, outside the standard alphabet'],
    ['Zg=A', 'its padding is misplaced or not canonical'],
    ['Z===', 'its padding is misplaced or not canonical'],
    ['====', 'its padding is misplaced or not canonical'],
    ['Zg==Zg==', 'its padding is misplaced or not canonical'],
    ['Zh==', 'its padding is misplaced or not canonical'],
    ['Zm9=', 'its padding is misplaced or not canonical'],
  ])('rejects %j, saying %s', (text, reason) => {
    expect(() => base64ToBytes(text)).toThrow(new SyntaxError(`Invalid base64: ${reason}`));
  });

  it('rejects non-zero bits under the padding, so each byte string has one encoding', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sloppy: string[] = [];
    for (let byte = 0; byte < 256; byte++) {
      const one = Buffer.from([byte]).toString('base64'); // xx==: 4 bits left over
      const two = Buffer.from([0x66, byte]).toString('base64'); // xxx=: 2 bits left over
      expect(bytesOf(one)).toEqual([byte]);
      expect(bytesOf(two)).toEqual([0x66, byte]);
      for (let bits = 1; bits < 16; bits++) sloppy.push(`${one[0]}${alphabet[((byte & 0x03) << 4) | bits]}==`);
      for (let bits = 1; bits < 4; bits++) sloppy.push(`${two.slice(0, 2)}${alphabet[((byte & 0x0f) << 2) | bits]}=`);
    }
    const accepted = sloppy.filter((text) => {
      try {
        base64ToBytes(text);
        return true;
      } catch {
        return false;
      }
    });
    expect(sloppy).toHaveLength(256 * 18);
    expect(accepted).toEqual([]);
  });

  it('decodes a valid text of any size (8 MB, the largest body accepted), not only small ones', () => {
    const bytes = Uint8Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 7) & 0xff);
    const encoded = Buffer.from(bytes).toString('base64');
    expect(encoded.length).toBeGreaterThan(8_000_000);
    expect(Buffer.from(base64ToBytes(encoded)).equals(Buffer.from(bytes))).toBe(true);
    expect(() => base64ToBytes(`${encoded.slice(0, -4)}Zh==`)).toThrow(new SyntaxError('Invalid base64: its padding is misplaced or not canonical'));
  });

  it('accepts exactly the canonical encodings: the texts Buffer re-encodes to themselves', () => {
    const unit = fc.constantFrom(...'AQgwEIZhz09+/=-_ \n'.split(''));
    fc.assert(fc.property(fc.string({ unit, maxLength: 16 }), (text) => {
      let accepted = true;
      try {
        base64ToBytes(text);
      } catch {
        accepted = false;
      }
      return accepted === (Buffer.from(text, 'base64').toString('base64') === text);
    }), { numRuns: 20_000 });
  });

  it('needs no Buffer (runs in browsers)', () => {
    const { Buffer: saved } = globalThis;
    Object.assign(globalThis, { Buffer: undefined });
    try {
      expect(bytesOf('djEuMi4z')).toEqual([0x76, 0x31, 0x2e, 0x32, 0x2e, 0x33]);
    } finally {
      Object.assign(globalThis, { Buffer: saved });
    }
  });
});
