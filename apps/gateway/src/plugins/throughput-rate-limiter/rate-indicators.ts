import type { Meter, RateWindow } from '../../engine/statistics/meter';
import type { StatisticsReader } from '../../engine/statistics/pipeline-statistics';

const WINDOWS: readonly RateWindow[] = [1, 5, 15];

/**
 * Registers the limiter's indicators: inbound and flow-controlled requests per second over 1, 5
 * and 15 minutes, and the flow-controlled percentage of the last minute. Returns the remover.
 */
export function registerRateIndicators(stats: StatisticsReader, plugin: string, inbound: Meter, limited: Meter): () => void {
  const removers: (() => void)[] = [];
  for (const w of WINDOWS) {
    removers.push(
      stats.registerIndicator(plugin, `INBOUND_THROUGHPUT_RATE_LAST_${w}MIN`, `requests reaching the limiter per second over about ${w} min`, () => inbound.rate(w)),
      stats.registerIndicator(plugin, `FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_${w}MIN`, `requests refused (429) per second over about ${w} min`, () => limited.rate(w)),
    );
  }
  removers.push(
    // A share does not add up; the workers get even shares of the connections, so the mean of
    // their shares is close to the host's.
    stats.registerIndicator(plugin, 'FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN', 'share of requests refused over about 1 min, 0–100', () => flowControlledPercent(inbound, limited), {
      aggregate: 'mean',
    }),
  );
  return () => {
    for (const r of removers) r();
  };
}

/** Share of requests refused over the last minute, 0–100 (Ease Gateway's flow-control percentage). */
export function flowControlledPercent(inbound: Meter, limited: Meter): number {
  const i = inbound.rate(1);
  return i > 0 ? Math.min(100, (limited.rate(1) / i) * 100) : 0;
}
