import type { PipelineOverview } from './types';

/** Points each pipeline keeps: 5 minutes at one point per 5-s poll. @default 60 */
export const HISTORY_POINTS = 60;

/** The figures drawn as sparklines. */
export const SERIES = ['rate', 'errorPct', 'p50', 'p99'] as const;
export type SeriesName = (typeof SERIES)[number];

/**
 * The last `capacity` points of one figure, oldest first, in fixed arrays: polling forever
 * allocates nothing per point. `null` is a gap (no latency sample in the window).
 */
export class SeriesRing {
  private readonly times: Float64Array;
  private readonly values: (number | null)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number = HISTORY_POINTS) {
    this.times = new Float64Array(capacity);
    this.values = new Array<number | null>(capacity).fill(null);
  }

  push(timeSec: number, value: number | null): void {
    this.times[this.next] = timeSec;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  get length(): number {
    return this.size;
  }

  /** The newest value, or undefined before the first point. */
  last(): number | null | undefined {
    return this.size === 0 ? undefined : this.values[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** `[times, values]`, oldest first, as uPlot takes them. */
  data(): [number[], (number | null)[]] {
    const t: number[] = [];
    const v: (number | null)[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      t.push(this.times[i]!);
      v.push(this.values[i]!);
    }
    return [t, v];
  }
}

/** The error share of the last minute, in %, from an overview line (0 without traffic). */
export function errorPercent(o: PipelineOverview): number {
  return o.rate_1m > 0 ? Math.min(100, (100 * o.failure_rate_1m) / o.rate_1m) : 0;
}

/**
 * Every pipeline's recent figures, fed by each overview poll. A pipeline that disappears from
 * the overview loses its history; one that appears starts empty.
 */
export class PipelineHistory {
  private readonly rings = new Map<string, Record<SeriesName, SeriesRing>>();

  constructor(private readonly capacity: number = HISTORY_POINTS) {}

  /** Adds one point per pipeline at `timeSec` (s since the epoch). */
  record(timeSec: number, overview: readonly PipelineOverview[]): void {
    const seen = new Set<string>();
    for (const o of overview) {
      seen.add(o.pipeline);
      let r = this.rings.get(o.pipeline);
      if (r === undefined) {
        const ring = (): SeriesRing => new SeriesRing(this.capacity);
        r = { rate: ring(), errorPct: ring(), p50: ring(), p99: ring() };
        this.rings.set(o.pipeline, r);
      }
      r.rate.push(timeSec, o.rate_1m);
      r.errorPct.push(timeSec, errorPercent(o));
      r.p50.push(timeSec, o.p50_ns);
      r.p99.push(timeSec, o.p99_ns);
    }
    for (const name of [...this.rings.keys()]) if (!seen.has(name)) this.rings.delete(name);
  }

  series(pipeline: string, name: SeriesName): SeriesRing | undefined {
    return this.rings.get(pipeline)?.[name];
  }
}
