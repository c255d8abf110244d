/** Slots of one chunk: 1 MiB of counts. */
const CHUNK_SLOTS = 128 * 1024;

/**
 * Hands out zeroed windows of bin counts carved from large chunks, for the accumulators of the
 * fold. A typed array of its own per window would be a separate off-heap allocation each — tens of
 * thousands per batch, which the garbage collector then has to track; carved windows are views
 * of a few chunks, and a chunk is freed with the last window on it. Windows are never reused, so
 * they start at 0.
 */
export class BinArena {
  private chunk: Float64Array = new Float64Array(0);
  private used = 0;

  alloc(slots: number): Float64Array {
    if (slots > CHUNK_SLOTS / 4) return new Float64Array(slots);
    if (this.used + slots > this.chunk.length) {
      this.chunk = new Float64Array(CHUNK_SLOTS);
      this.used = 0;
    }
    const window = this.chunk.subarray(this.used, this.used + slots);
    this.used += slots;
    return window;
  }
}
