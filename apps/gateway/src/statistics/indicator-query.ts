import type { Gateway } from '../engine/gateway';
import type { LinearPipeline } from '../engine/linear-pipeline';
import { bindIndicators, SERIES_INDICATORS, TASK_INDICATORS, type Indicator } from '../engine/statistics/indicators';
import { GatewayError } from '../errors';
import type { PipelineOverview, PipelineSnapshot, RecentError, RegisteredIndicators } from './answers';

export type { PipelineOverview, PipelineSnapshot, RecentError, RegisteredIndicators } from './answers';

/** Where an indicator lives: a pipeline, one of its plugins, or its tasks (Ease Gateway's three levels). */
export type IndicatorScope = { pipeline: string } & ({ level: 'pipeline' } | { level: 'plugin'; plugin: string } | { level: 'task' });

/** Longest error message a snapshot repeats. */
const MESSAGE_MAX = 500;

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
      recent_errors: this.recentErrors(p),
    };
  }

  /**
   * Every pipeline's plugin-registered indicators, with descriptions, in one answer; plugins that
   * registered none are left out. Cheap enough for a dashboard to poll every few seconds.
   */
  registered(): RegisteredIndicators[] {
    return this.gateway.listPipelines().flatMap((spec) => {
      const name = spec.config.pipeline_name;
      const p = this.gateway.pipeline(name);
      if (p === undefined) return [];
      const plugins = p.ctx.pluginNames.flatMap((plugin) => {
        const indicators = p.stats.customIndicators(plugin).map((i) => ({ name: i.name, desc: i.desc, value: i.value() }));
        return indicators.length === 0 ? [] : [{ name: plugin, type: this.gateway.model.pluginType(plugin) ?? 'unknown', indicators }];
      });
      return [{ pipeline: name, plugins }];
    });
  }

  private recentErrors(p: LinearPipeline): RecentError[] {
    const now = this.gateway.statistics.now();
    const wall = Date.now();
    return p.stats.errors.entries().map((e) => {
      const age = Math.max(0, Math.round(now - e.at));
      return {
        time: new Date(wall - age).toISOString(),
        age_ms: age,
        plugin: e.plugin,
        result_code: e.resultCode,
        error_code: e.errorCode,
        message: e.message.length > MESSAGE_MAX ? `${e.message.slice(0, MESSAGE_MAX)}…` : e.message,
      };
    });
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
          in_flight: p.stats.inFlight(),
          wait_queue: p.stats.waitQueueLength(),
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
