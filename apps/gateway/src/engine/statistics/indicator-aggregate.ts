/**
 * How the values of one plugin indicator in several processes (the data-plane workers of
 * `GATEWAY_WORKERS`) combine into the host's value: `sum` for rates, counts and queue lengths
 * (each process serves its own share of the traffic), `max`/`min`/`mean` for figures every
 * process holds whole — ports, thresholds, percentiles, states.
 */
export type IndicatorAggregate = 'sum' | 'max' | 'min' | 'mean';

/** Every aggregate, for validating what a worker sends. */
export const INDICATOR_AGGREGATES: readonly IndicatorAggregate[] = ['sum', 'max', 'min', 'mean'];

/** The aggregate of an indicator registered without one: most plugin indicators are rates or counts. */
export const DEFAULT_INDICATOR_AGGREGATE: IndicatorAggregate = 'sum';

export function isIndicatorAggregate(v: unknown): v is IndicatorAggregate {
  return typeof v === 'string' && (INDICATOR_AGGREGATES as readonly string[]).includes(v);
}

/** Combines `values` with `how`; nulls (nothing to report) are left out, and all null (or none) is null. */
export function aggregateIndicatorValues(values: Iterable<number | null>, how: IndicatorAggregate): number | null {
  let n = 0;
  let acc = 0;
  for (const v of values) {
    if (v === null) continue;
    if (n === 0) acc = v;
    else if (how === 'max') acc = Math.max(acc, v);
    else if (how === 'min') acc = Math.min(acc, v);
    else acc += v;
    n++;
  }
  if (n === 0) return null;
  return how === 'mean' ? acc / n : acc;
}
