import { MalformedReportError } from '../errors';

/** Longest varint of a safe integer: 53 bits in 7-bit groups. */
const MAX_VARINT_BYTES = 8;

/**
 * Reads what a {@link ByteWriter} wrote, bounds-checked: running past the end, a varint beyond
 * 2^53 or a name outside ASCII is a MalformedReportError naming the byte offset, never a wrong
 * number — the bytes come from a queue any node (or anyone with Redis access) can write to.
 */
export class ByteReader {
  private pos = 0;
  /** Made on the first float: most readers (a sketch's bins) never need one. */
  private view: DataView | undefined;

  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  /** Moves to byte `offset` (a position this reader or another one over the same bytes reported). */
  seek(offset: number): void {
    if (offset < 0 || offset > this.buf.length) throw new RangeError(`seek past the end: ${offset}`);
    this.pos = offset;
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }

  uint(): number {
    const buf = this.buf;
    let b = buf[this.pos];
    // One byte covers most counts, gaps and lengths.
    if (b !== undefined && b < 0x80) {
      this.pos++;
      return b;
    }
    let n = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      b = buf[this.pos];
      if (b === undefined) throw this.fail('the data ends inside a number');
      this.pos++;
      n += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(n)) break;
        return n;
      }
      scale *= 0x80;
    }
    throw this.fail('a number is larger than 2^53');
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw this.fail('the data ends inside a float');
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    const x = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return x;
  }

  byte(): number {
    const b = this.buf[this.pos];
    if (b === undefined) throw this.fail('the data ends early');
    this.pos++;
    return b;
  }

  /** A length-prefixed ASCII name of at most `maxLength` characters. */
  name(maxLength: number): string {
    const len = this.uint();
    if (len > maxLength) throw this.fail(`a name is ${len} bytes long (at most ${maxLength})`);
    if (this.pos + len > this.buf.length) throw this.fail('the data ends inside a name');
    let s = '';
    for (let i = 0; i < len; i++) {
      const c = this.buf[this.pos + i]!;
      if (c >= 0x80) throw this.fail('a name holds a byte outside ASCII');
      s += String.fromCharCode(c);
    }
    this.pos += len;
    return s;
  }

  /** A MalformedReportError saying what is wrong at the current offset. */
  fail(what: string): MalformedReportError {
    return new MalformedReportError(`byte ${this.pos}: ${what}`);
  }
}
