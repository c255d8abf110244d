import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Gateway } from '../../engine/gateway';
import type { LinearPipeline } from '../../engine/linear-pipeline';
import type { ExecutionSeries } from '../../engine/statistics/execution-series';
import { histogramText, type HistogramSeries } from './histogram-text';
import type { ShipperFigures } from '../../stats-shipping/report-shipper';
import type { WorkerIndicatorFigures } from '../../workers/worker-indicators';
import type { WorkerStatisticsFigures } from '../../workers/worker-statistics';

const RESULTS = ['success', 'failure'] as const;
const WINDOWS = [1, 5, 15] as const;

/** What `GET /metrics` serves. */
export interface GatewayMetrics {
  readonly contentType: string;
  /** The whole exposition, rendered now. */
  text(): Promise<string>;
}

/**
 * The gateway's Prometheus metrics, read from its statistics when scraped — nothing is counted
 * twice and the request path is untouched. Labels are pipeline and plugin names (bounded by the
 * config), result (success|failure) and window; never paths or client values.
 *
 * Durations are histograms, not summaries: histogram buckets add up across gateway nodes
 * (`histogram_quantile(sum by (le) (rate(...)))`), summary quantiles cannot be merged. The
 * buckets are folded from the statistics' 5-s slots, so they run up to 5 s behind the counters.
 */
export function createGatewayMetrics(gateway: Gateway, shipping?: () => ShipperFigures, workerStatistics?: () => WorkerStatisticsFigures & { indicators: WorkerIndicatorFigures }): GatewayMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 100 });

  const running = (): LinearPipeline[] =>
    gateway.listPipelines().flatMap((s) => {
      const p = gateway.pipeline(s.config.pipeline_name);
      return p === undefined ? [] : [p];
    });
  const eachPlugin = function* (): Generator<{ pipeline: string; plugin: string; series: ExecutionSeries; p: LinearPipeline }> {
    for (const p of running()) {
      for (const plugin of p.ctx.pluginNames) {
        const series = p.stats.plugin(plugin);
        if (series !== undefined) yield { pipeline: p.name, plugin, series: p.stats.pluginSeries(plugin), p };
      }
    }
  };

  new Counter({
    name: 'gatehouse_pipeline_requests_total',
    help: 'Tasks (requests) a pipeline finished, by result',
    labelNames: ['pipeline', 'result'],
    registers: [register],
    collect() {
      this.reset();
      for (const p of running()) for (const result of RESULTS) this.inc({ pipeline: p.name, result }, p.stats.pipeline.count(result));
    },
  });
  new Counter({
    name: 'gatehouse_plugin_executions_total',
    help: 'Runs of a plugin in a pipeline, by result',
    labelNames: ['pipeline', 'plugin', 'result'],
    registers: [register],
    collect() {
      this.reset();
      for (const { pipeline, plugin, series } of eachPlugin()) {
        for (const result of RESULTS) this.inc({ pipeline, plugin, result }, series.count(result));
      }
    },
  });
  if (shipping !== undefined) {
    // Stats shipping to the cluster's stats worker: what went out, what waits, what was dropped.
    const figure = (name: string, help: string, key: keyof ShipperFigures, kind: 'counter' | 'gauge'): void => {
      const Type = kind === 'counter' ? Counter : Gauge;
      new Type({
        name,
        help,
        registers: [register],
        collect(this: Counter | Gauge) {
          this.reset();
          (this as Gauge).inc(shipping()[key]);
        },
      });
    };
    figure('gatehouse_stats_reports_shipped_total', 'Tick reports handed to the stats queue', 'shipped', 'counter');
    figure('gatehouse_stats_reports_dropped_total', 'Tick reports dropped because the buffer was full while Redis was unreachable', 'dropped', 'counter');
    figure('gatehouse_stats_reports_buffered', 'Tick reports waiting to be shipped', 'buffered', 'gauge');
    figure('gatehouse_stats_ship_failures_total', 'Failed attempts to hand a report to Redis (each retried)', 'failedAttempts', 'counter');
  }
  if (workerStatistics !== undefined) {
    // GATEWAY_WORKERS: the workers' tick reports this primary absorbed into the figures above.
    new Counter({
      name: 'gatehouse_worker_stats_reports_total',
      help: "Data-plane workers' statistics reports the primary absorbed or refused (malformed or oversized)",
      labelNames: ['outcome'],
      registers: [register],
      collect() {
        this.reset();
        const f = workerStatistics();
        this.inc({ outcome: 'absorbed' }, f.absorbed);
        this.inc({ outcome: 'refused' }, f.rejected);
      },
    });
    new Counter({
      name: 'gatehouse_worker_indicator_reports_total',
      help: "Data-plane workers' plugin indicator values the primary took or refused (malformed or oversized)",
      labelNames: ['outcome'],
      registers: [register],
      collect() {
        this.reset();
        const f = workerStatistics().indicators;
        this.inc({ outcome: 'absorbed' }, f.absorbed);
        this.inc({ outcome: 'refused' }, f.rejected);
      },
    });
  }
  new Gauge({
    name: 'gatehouse_pipeline_requests_per_second',
    help: 'Tasks per second of a pipeline, exponentially weighted over 1, 5 or 15 minutes',
    labelNames: ['pipeline', 'window'],
    registers: [register],
    collect() {
      this.reset();
      for (const p of running()) for (const w of WINDOWS) this.set({ pipeline: p.name, window: `${w}m` }, p.stats.pipeline.rate(w));
    },
  });
  new Gauge({
    name: 'gatehouse_plugin_executions_per_second',
    help: 'Runs per second of a plugin in a pipeline, exponentially weighted over 1, 5 or 15 minutes, by result',
    labelNames: ['pipeline', 'plugin', 'result', 'window'],
    registers: [register],
    collect() {
      this.reset();
      for (const { pipeline, plugin, series } of eachPlugin()) {
        for (const result of RESULTS) for (const w of WINDOWS) this.set({ pipeline, plugin, result, window: `${w}m` }, series.rate(w, result));
      }
    },
  });
  new Gauge({
    name: 'gatehouse_pipeline_in_flight',
    help: 'Tasks a pipeline is running now',
    labelNames: ['pipeline'],
    registers: [register],
    collect() {
      this.reset();
      for (const p of running()) this.set({ pipeline: p.name }, p.stats.inFlight());
    },
  });
  new Gauge({
    name: 'gatehouse_pipeline_wait_queue_length',
    help: 'Tasks waiting for a free slot of a pipeline',
    labelNames: ['pipeline'],
    registers: [register],
    collect() {
      this.reset();
      for (const p of running()) this.set({ pipeline: p.name }, p.stats.waitQueueLength());
    },
  });
  new Gauge({
    name: 'gatehouse_plugin_indicator',
    help: 'Indicators plugins register (limiter rates, breaker state, wait queues), by name',
    labelNames: ['pipeline', 'plugin', 'indicator'],
    registers: [register],
    collect() {
      this.reset();
      for (const { pipeline, plugin, p } of eachPlugin()) {
        for (const i of p.stats.customIndicators(plugin)) {
          const v = i.value();
          if (v !== null) this.set({ pipeline, plugin, indicator: i.name }, v);
        }
      }
    },
  });
  const histograms = (): string =>
    histogramText('gatehouse_pipeline_request_duration_seconds', 'Time from a task being accepted to its end, by result', function* () {
      for (const p of running()) yield* totals(p.stats.pipeline, { pipeline: p.name });
    }()) +
    histogramText('gatehouse_plugin_execution_duration_seconds', 'Time of one plugin run, by result', function* () {
      for (const { pipeline, plugin, series } of eachPlugin()) yield* totals(series, { pipeline, plugin });
    }());
  return {
    contentType: register.contentType,
    text: async () => `${await register.metrics()}
${histograms()}`,
  };
}

function* totals(series: ExecutionSeries, labels: Record<string, string>): Generator<HistogramSeries> {
  if (series.successTotal !== undefined) yield { labels: { ...labels, result: 'success' }, totals: series.successTotal };
  if (series.failureTotal !== undefined) yield { labels: { ...labels, result: 'failure' }, totals: series.failureTotal };
}
