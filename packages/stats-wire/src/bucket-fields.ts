import type { SketchParts } from './latency-sketch';

/** A result's prefix in a bucket hash: `s` for successes, `f` for failures. */
export type ResultTag = 's' | 'f';

/**
 * The sketch a folded bucket hash holds for one result (`HGETALL` of a bucket key), or
 * undefined when the bucket saw none. Bins are read back in ascending key order.
 */
export function partsFromHash(hash: Record<string, string>, r: ResultTag): SketchParts | undefined {
  const count = Number(hash[`${r}.n`] ?? 0);
  if (!(count > 0)) return undefined;
  // `<r>.b`: [key, count, key, count, …], keys ascending (Lua's cjson writes an empty list as {}).
  const raw: unknown = JSON.parse(hash[`${r}.b`] ?? '[]');
  const flat = Array.isArray(raw) ? (raw as number[]) : [];
  const keys: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    keys.push(flat[i]!);
    counts.push(flat[i + 1]!);
  }
  return {
    count,
    sum: Number(hash[`${r}.sum`] ?? 0),
    m2: Number(hash[`${r}.m2`] ?? 0),
    min: Number(hash[`${r}.min`] ?? 0),
    max: Number(hash[`${r}.max`] ?? 0),
    zero: Number(hash[`${r}.z`] ?? 0),
    keys,
    counts,
  };
}
