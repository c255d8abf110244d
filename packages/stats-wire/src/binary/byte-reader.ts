import { MalformedReportError } from '../errors';

/** Names interned by their FNV-1a hash (see `name`), at most this many. */
const INTERNED = new Map<number, string>();
const MAX_INTERNED = 65_536;

function sameChars(s: string, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

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

  /**
   * A length-prefixed ASCII name of at most `maxLength` characters. Names repeat from report to
   * report (the same pipelines and plugins every tick), so each is interned: the same string
   * object comes back for the same bytes, already flat and hashed for the Maps it keys.
   */
  name(maxLength: number): string {
    const len = this.uint();
    if (len > maxLength) throw this.fail(`a name is ${len} bytes long (at most ${maxLength})`);
    if (this.pos + len > this.buf.length) throw this.fail('the data ends inside a name');
    const buf = this.buf;
    const start = this.pos;
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < start + len; i++) {
      const c = buf[i]!;
      if (c >= 0x80) throw this.fail('a name holds a byte outside ASCII');
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    this.pos += len;
    const known = INTERNED.get(hash);
    if (known !== undefined && known.length === len && sameChars(known, buf, start)) return known;
    let s = '';
    for (let i = start; i < start + len; i++) s += String.fromCharCode(buf[i]!);
    // A flood of distinct names only empties the table; a hash collision only misses it.
    if (INTERNED.size >= MAX_INTERNED) INTERNED.clear();
    INTERNED.set(hash, s);
    return s;
  }

  /** A MalformedReportError saying what is wrong at the current offset. */
  fail(what: string): MalformedReportError {
    return new MalformedReportError(`byte ${this.pos}: ${what}`);
  }
}
