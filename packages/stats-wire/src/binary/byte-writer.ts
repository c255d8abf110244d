/**
 * Appends unsigned LEB128 varints, zigzag varints, float64s and short ASCII names to a growing
 * buffer: the binary report and the folded buckets are written with it. Varints go up to 2^53
 * (every safe integer), so byte arithmetic uses division past 2^31, never 32-bit shifts.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialBytes = 1024) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.pos;
  }

  /** A non-negative safe integer. */
  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: ${n} is not a non-negative safe integer`);
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  /** A signed safe integer, zigzag-coded (0, -1, 1, -2 … → 0, 1, 2, 3 …). */
  int(n: number): void {
    this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  float64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** An ASCII name, length-prefixed (names are checked against NAME_PATTERN before they get here). */
  name(s: string): void {
    this.uint(s.length);
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i) & 0x7f;
  }

  /** What was written, as a Buffer sharing this writer's memory. */
  bytes(): Buffer {
    return this.since(0);
  }

  /**
   * What was written since byte `start`, as a Buffer sharing this writer's memory: still valid
   * after more is written (growing copies into new memory and leaves the old in place), so one
   * writer can encode many values without a copy each.
   */
  since(start: number): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, this.pos - start);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n + 64));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}
