import { TICK_MS } from './report-shape';

/** A time-series resolution: bucket length and how long its buckets are kept. */
export interface Resolution {
  /** Name in keys: `5s`, `1m`, `1h`. */
  readonly name: '5s' | '1m' | '1h';
  /** Ticks per bucket. */
  readonly ticks: number;
}

/** The folded resolutions: 5-s buckets rolled up into 1-min and 1-h ones. */
export const RESOLUTIONS: readonly Resolution[] = [
  { name: '5s', ticks: 1 },
  { name: '1m', ticks: 12 },
  { name: '1h', ticks: 720 },
];

/** How long each resolution's buckets live, seconds. */
export interface Retention {
  /** @default 7200 (2 h: the 15-min chart and the 30-s window, with room) */
  '5s': number;
  /** @default 172800 (2 days) */
  '1m': number;
  /** @default 2592000 (30 days) */
  '1h': number;
}

export const DEFAULT_RETENTION: Retention = { '5s': 7200, '1m': 172_800, '1h': 2_592_000 };

/** Default key prefix of everything the worker writes (and the gateway's report bodies). */
export const DEFAULT_PREFIX = 'gatehouse:stats';

/**
 * What a key prefix may be. No braces: the group's hash tag must be the only one in a key, or a
 * Redis cluster would slot a group's keys by the prefix.
 */
export const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** KEY_PREFIX_PATTERN in words, for the config errors of the apps that take a prefix. */
export const KEY_PREFIX_RULE = 'must be 1-64 letters, digits, "_", ".", ":" or "-"';

/** Whether `prefix` may prefix the stats keys — one rule for the gateway and the worker, which must agree on it. */
export function isKeyPrefix(prefix: string): boolean {
  return KEY_PREFIX_PATTERN.test(prefix);
}

/** The scope of a series inside a pipeline: its tasks, or one plugin's runs. */
export type SeriesScope = { kind: 'pipeline' } | { kind: 'plugin'; plugin: string };

/**
 * Where the folded series of one cluster group live in Redis. Every key carries the group in a
 * hash tag (`{group}`), so one group's fold touches a single slot.
 *
 * - `…:b:<res>:<bucket>:<pipeline>:<scope>` — a hash per bucket and series; fields `s` and `f`
 *   (successes, failures: each a whole sketch, `encodeBucketSketch`) and `v`, the number of folds
 *   applied (the fold writes only when `v` is still what it read).
 * - `…:total:<pipeline>:<scope>` — counts since the series began (`s.n`, `f.n`).
 * - `…:catalog` — hash: pipeline → last tick; `…:plugins:<pipeline>` — hash: plugin → last tick.
 * - `…:applied` — sorted set of folded job ids scored by tick (the idempotency check).
 * - `…:body:<node>:<tick>` — the raw body of a claimed report (ReportClaim) until its fold
 *   deletes it.
 */
export class SeriesLayout {
  readonly base: string;

  constructor(
    readonly group: string,
    prefix = DEFAULT_PREFIX,
  ) {
    this.base = `${prefix}:{${group}}`;
  }

  scopeName(scope: SeriesScope): string {
    return scope.kind === 'pipeline' ? '-' : `p.${scope.plugin}`;
  }

  bucketKey(res: Resolution['name'], bucket: number, pipeline: string, scope: SeriesScope): string {
    return `${this.base}:b:${res}:${bucket}:${pipeline}:${this.scopeName(scope)}`;
  }

  totalKey(pipeline: string, scope: SeriesScope): string {
    return `${this.base}:total:${pipeline}:${this.scopeName(scope)}`;
  }

  get catalogKey(): string {
    return `${this.base}:catalog`;
  }

  pluginsKey(pipeline: string): string {
    return `${this.base}:plugins:${pipeline}`;
  }

  get appliedKey(): string {
    return `${this.base}:applied`;
  }

  bodyKey(node: string, tick: number): string {
    return `${this.base}:body:${node}:${tick}`;
  }
}

/** The bucket of resolution `res` that tick `tick` falls in. */
export function bucketOf(tick: number, res: Resolution): number {
  return Math.floor(tick / res.ticks);
}

/** Epoch seconds when bucket `bucket` of `res` ends. */
export function bucketEndSec(bucket: number, res: Resolution): number {
  return ((bucket + 1) * res.ticks * TICK_MS) / 1000;
}
