import type { Gateway } from '../engine/gateway';
import type { LinearPipeline } from '../engine/linear-pipeline';
import { bindIndicators, SERIES_INDICATORS, TASK_INDICATORS, type Indicator } from '../engine/statistics/indicators';
import { GatewayError } from '../errors';

/** Where an indicator lives: a pipeline, one of its plugins, or its tasks (Ease Gateway's three levels). */
export type IndicatorScope = { pipeline: string } & ({ level: 'pipeline' } | { level: 'plugin'; plugin: string } | { level: 'task' });

/** Every figure of a pipeline in one answer, for dashboards. */
export interface PipelineSnapshot {
  pipeline: string;
  /** The 30-s latency window ends at the last 5-s tick; rates are EWMAs. */
  window_sec: number;
  indicators: Record<string, number | null>;
  task: Record<string, number | null>;
  plugins: { name: string; type: string; indicators: Record<string, number | null> }[];
}

/** One line of the all-pipelines overview (`stat top`, the dashboard's front page). */
export interface PipelineOverview {
  pipeline: string;
  rate_1m: number;
  rate_5m: number;
  rate_15m: number;
  failure_rate_1m: number;
  count: number;
  failure_count: number;
  p50_ns: number | null;
  p99_ns: number | null;
  in_flight: number;
  wait_queue: number;
}

/**
 * Answers the statistics REST API from the engine's registry: indicator names, values and
 * descriptions at the pipeline, plugin and task levels, with the Ease Gateway names. An unknown
 * pipeline, plugin or indicator is GW_NOT_FOUND naming which.
 */
export class IndicatorQuery {
  constructor(private readonly gateway: Gateway) {}

  names(scope: IndicatorScope): string[] {
    return this.indicators(scope).map((i) => i.name);
  }

  value(scope: IndicatorScope, name: string): number | null {
    return this.find(scope, name).value();
  }

  desc(scope: IndicatorScope, name: string): string {
    return this.find(scope, name).desc;
  }

  /** Several values at once; every name must exist. */
  values(scope: IndicatorScope, names: readonly string[]): Record<string, number | null> {
    const all = new Map(this.indicators(scope).map((i) => [i.name, i]));
    const out: Record<string, number | null> = {};
    for (const n of names) {
      const i = all.get(n);
      if (i === undefined) throw notFound('indicator', n, scope.pipeline);
      out[n] = i.value();
    }
    return out;
  }

  snapshot(pipeline: string): PipelineSnapshot {
    const p = this.running(pipeline);
    const plugins = p.ctx.pluginNames.map((name) => ({
      name,
      type: this.gateway.model.pluginType(name) ?? 'unknown',
      indicators: valuesOf(this.indicators({ pipeline, level: 'plugin', plugin: name })),
    }));
    return {
      pipeline,
      window_sec: 30,
      indicators: valuesOf(this.indicators({ pipeline, level: 'pipeline' })),
      task: valuesOf(this.indicators({ pipeline, level: 'task' })),
      plugins,
    };
  }

  overview(): PipelineOverview[] {
    return this.gateway.listPipelines().flatMap((spec) => {
      const name = spec.config.pipeline_name;
      const p = this.gateway.pipeline(name);
      if (p === undefined) return [];
      const s = p.stats.pipeline;
      const lat = s.latency();
      return [
        {
          pipeline: name,
          rate_1m: s.rate(1),
          rate_5m: s.rate(5),
          rate_15m: s.rate(15),
          failure_rate_1m: s.rate(1, 'failure'),
          count: s.count(),
          failure_count: s.count('failure'),
          p50_ns: lat.count === 0 ? null : Math.round(lat.quantile(0.5)),
          p99_ns: lat.count === 0 ? null : Math.round(lat.quantile(0.99)),
          in_flight: p.ctx.inFlight(),
          wait_queue: p.ctx.waitQueueLength(),
        },
      ];
    });
  }

  private indicators(scope: IndicatorScope): Indicator[] {
    const p = this.running(scope.pipeline);
    if (scope.level === 'pipeline') return bindIndicators(SERIES_INDICATORS, p.stats.pipeline);
    if (scope.level === 'task') return bindIndicators(TASK_INDICATORS, p.stats.pipeline);
    const series = p.ctx.pluginNames.includes(scope.plugin) ? p.stats.pluginSeries(scope.plugin) : undefined;
    if (series === undefined) throw notFound('plugin', scope.plugin, scope.pipeline);
    return [...bindIndicators(SERIES_INDICATORS, series), ...p.stats.customIndicators(scope.plugin)];
  }

  private find(scope: IndicatorScope, name: string): Indicator {
    const i = this.indicators(scope).find((x) => x.name === name);
    if (i === undefined) throw notFound('indicator', name, scope.pipeline);
    return i;
  }

  private running(pipeline: string): LinearPipeline {
    const p = this.gateway.pipeline(pipeline);
    if (p === undefined) throw notFound('pipeline', pipeline);
    return p;
  }
}

function valuesOf(list: Indicator[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const i of list) out[i.name] = i.value();
  return out;
}

function notFound(what: 'pipeline' | 'plugin' | 'indicator', name: string, pipeline?: string): GatewayError {
  const where = what === 'pipeline' || pipeline === undefined ? '' : ` in pipeline ${pipeline}`;
  return new GatewayError('GW_NOT_FOUND', `${what} ${name} not found${where}`, { field: what });
}
