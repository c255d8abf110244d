/**
 * A bounded FIFO of reports waiting to be shipped. Full, it drops the oldest — the freshest
 * ticks matter most to a dashboard — and counts what it dropped. O(1) at both ends.
 */
export class ReportBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private length = 0;
  /** Reports dropped because the buffer was full. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  push(item: T): void {
    if (this.length === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length--;
      this.dropped++;
    }
    this.items[(this.head + this.length) % this.capacity] = item;
    this.length++;
  }

  /** The oldest report, left in place until `shift` (it leaves only once shipped). */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.head];
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return item;
  }
}
