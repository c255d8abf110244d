import type { SketchParts } from './latency-sketch';

/** A result's prefix in a bucket hash: `s` for successes, `f` for failures. */
export type ResultTag = 's' | 'f';

const STATS = new Set(['n', 'sum', 'm2', 'min', 'max', 'z']);

/**
 * The sketch a folded bucket hash holds for one result (`HGETALL` of a bucket key), or
 * undefined when the bucket saw none. Bins are read back in ascending key order.
 */
export function partsFromHash(hash: Record<string, string>, r: ResultTag): SketchParts | undefined {
  const count = Number(hash[`${r}.n`] ?? 0);
  if (!(count > 0)) return undefined;
  const bins: [number, number][] = [];
  const prefix = `${r}.`;
  for (const field in hash) {
    if (!field.startsWith(prefix)) continue;
    const name = field.slice(2);
    if (STATS.has(name)) continue;
    const key = Number(name);
    if (Number.isInteger(key)) bins.push([key, Number(hash[field])]);
  }
  bins.sort((a, b) => a[0] - b[0]);
  return {
    count,
    sum: Number(hash[`${r}.sum`] ?? 0),
    m2: Number(hash[`${r}.m2`] ?? 0),
    min: Number(hash[`${r}.min`] ?? 0),
    max: Number(hash[`${r}.max`] ?? 0),
    zero: Number(hash[`${r}.z`] ?? 0),
    keys: bins.map((b) => b[0]),
    counts: bins.map((b) => b[1]),
  };
}
