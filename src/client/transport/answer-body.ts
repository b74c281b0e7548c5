/**
 * A response body as it arrived: the bytes Node's socket delivered, or the text a browser
 * decoded. It is searched and compared in place, and decoded to text only where text is
 * needed, so a long-poll answer of ~45 KB whose news is its last few hundred bytes is never
 * decoded whole. Positions are in the body's own units (bytes or UTF-16 code units); the
 * ASCII characters that shape JSON read the same in both.
 */
export interface AnswerBody {
  readonly length: number;
  /** The byte or code unit at `position`. */
  codeAt(position: number): number;
  /** Position of the first `search` at or after `from`, or -1. */
  indexOf(search: string, from?: number): number;
  /** Position of the last `search`, or -1: a search from the end, for what sits near it. */
  lastIndexOf(search: string): number;
  /** Whether `[start, end)` holds what `other` holds from `otherStart` (never true across the two kinds). */
  sameAs(start: number, end: number, other: AnswerBody, otherStart: number): boolean;
  /** The text from `start` to the end, the whole body by default (decoded once). */
  text(start?: number): string;
}

class TextBody implements AnswerBody {
  constructor(private readonly value: string) {}

  get length(): number {
    return this.value.length;
  }

  codeAt(position: number): number {
    return this.value.charCodeAt(position);
  }

  indexOf(search: string, from?: number): number {
    return this.value.indexOf(search, from);
  }

  lastIndexOf(search: string): number {
    return this.value.lastIndexOf(search);
  }

  sameAs(start: number, end: number, other: AnswerBody, otherStart: number): boolean {
    return other instanceof TextBody && this.value.slice(start, end) === other.value.slice(otherStart, otherStart + end - start);
  }

  text(start?: number): string {
    return start === undefined ? this.value : this.value.slice(start);
  }
}

class BytesBody implements AnswerBody {
  private decoded: string | undefined;

  constructor(private readonly bytes: Buffer) {}

  get length(): number {
    return this.bytes.length;
  }

  codeAt(position: number): number {
    return this.bytes[position] ?? NaN;
  }

  indexOf(search: string, from?: number): number {
    return this.bytes.indexOf(search, from);
  }

  lastIndexOf(search: string): number {
    return this.bytes.lastIndexOf(search);
  }

  sameAs(start: number, end: number, other: AnswerBody, otherStart: number): boolean {
    const otherEnd = otherStart + end - start;
    // Buffer#compare throws for a range outside either buffer.
    return other instanceof BytesBody && start >= 0 && start <= end && end <= this.bytes.length && otherStart >= 0 && otherEnd <= other.bytes.length
      && this.bytes.compare(other.bytes, otherStart, otherEnd, start, end) === 0;
  }

  text(start?: number): string {
    if (start !== undefined) return this.bytes.toString('utf8', start);
    return (this.decoded ??= this.bytes.toString('utf8'));
  }
}

/**
 * A body that arrived as text (browsers).
 *
 * @example
 * ```ts
 * textBody('[{"ID":"a"}]').indexOf('"ID":"a"'); // 2
 * ```
 */
export function textBody(text: string): AnswerBody {
  return new TextBody(text);
}

/**
 * A body that arrived as bytes (Node): searched with `Buffer#indexOf`, compared with `Buffer#compare`.
 *
 * @example
 * ```ts
 * bytesBody(Buffer.from('[{"ID":"é"}]')).text(8); // 'é"}]'
 * ```
 */
export function bytesBody(bytes: Buffer): AnswerBody {
  return new BytesBody(bytes);
}
