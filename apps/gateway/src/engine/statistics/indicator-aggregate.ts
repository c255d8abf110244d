import { addToGaugeFold, GAUGE_AGGREGATES, gaugeValue, type GaugeAggregate, type GaugeFold } from '@gatehouse/stats-wire';

/**
 * How the values of one plugin indicator in several processes (the data-plane workers of
 * `GATEWAY_WORKERS`) combine into the host's value: `sum` for rates, counts and queue lengths
 * (each process serves its own share of the traffic), `max`/`min`/`mean` for figures every
 * process holds whole — ports, thresholds, percentiles, states. The same aggregates, and the same
 * rule, combine the hosts' values over a cluster group (`@gatehouse/stats-wire`'s gauges).
 */
export type IndicatorAggregate = GaugeAggregate;

/** Every aggregate, for validating what a worker sends. */
export const INDICATOR_AGGREGATES: readonly IndicatorAggregate[] = GAUGE_AGGREGATES;

/** The aggregate of an indicator registered without one: most plugin indicators are rates or counts. */
export const DEFAULT_INDICATOR_AGGREGATE: IndicatorAggregate = 'sum';

export function isIndicatorAggregate(v: unknown): v is IndicatorAggregate {
  return typeof v === 'string' && (INDICATOR_AGGREGATES as readonly string[]).includes(v);
}

/** Combines `values` with `how`; nulls (nothing to report) are left out, and all null (or none) is null. */
export function aggregateIndicatorValues(values: Iterable<number | null>, how: IndicatorAggregate): number | null {
  let fold: GaugeFold | undefined;
  for (const v of values) if (v !== null) fold = addToGaugeFold(fold, how, v);
  return fold === undefined ? null : gaugeValue(fold);
}
