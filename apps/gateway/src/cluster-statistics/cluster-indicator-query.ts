import { gaugeValue, type GaugeAggregate, type GaugeFold, type SeriesScope } from '@gatehouse/stats-wire';
import { bindIndicators, SERIES_INDICATORS, TASK_INDICATORS, type Indicator } from '../engine/statistics/indicators';
import { GatewayError } from '../errors';
import type { IndicatorScope } from '../statistics/indicator-query';
import type { ClusterSeriesReader, RangePoint } from './cluster-series-reader';

const CLUSTER_NOTE = ' — over the whole group: counts and rates summed over its nodes, times from their merged histograms';

/** How a plugin indicator's group value is made from its nodes' values, for its description. */
const COMBINED_AS: Record<GaugeAggregate, string> = {
  sum: 'the sum of',
  max: 'the largest of',
  min: 'the smallest of',
  mean: 'the mean of',
};

type PluginScope = Extract<IndicatorScope, { level: 'plugin' }>;

/**
 * The cluster statistics REST API: the same Ease Gateway indicator names and levels as a node's
 * `/statistics/v1`, evaluated over the series the stats worker folded from every node of the
 * group. A plugin's registered indicators (WAIT_QUEUE_LENGTH, CIRCUIT_BREAKER_STATE, …) are the
 * nodes' values of the newest complete tick of the last 30 s, combined by each one's aggregate.
 */
export class ClusterIndicatorQuery {
  constructor(private readonly reader: ClusterSeriesReader) {}

  pipelines(group: string): Promise<string[]> {
    return this.reader.pipelines(group);
  }

  plugins(group: string, pipeline: string): Promise<string[]> {
    return this.reader.plugins(group, pipeline);
  }

  /** The built-in indicators, then at the plugin level the registered ones the group reported (sorted). */
  async names(group: string, scope: IndicatorScope): Promise<string[]> {
    const builtIn = catalogue(scope).map((i) => i.name);
    if (scope.level !== 'plugin') {
      await this.reader.checkScope(group, scope.pipeline, seriesScope(scope));
      return builtIn;
    }
    const gauges = await this.reader.pluginGauges(group, scope.pipeline, scope.plugin);
    return [...builtIn, ...[...gauges.keys()].filter((n) => !builtIn.includes(n)).sort()];
  }

  async desc(group: string, scope: IndicatorScope, name: string): Promise<string> {
    if (scope.level !== 'plugin' || isBuiltIn(scope, name)) {
      await this.reader.checkScope(group, scope.pipeline, seriesScope(scope));
      return find(catalogue(scope), name, scope).desc + CLUSTER_NOTE;
    }
    const fold = findGauge(await this.reader.pluginGauges(group, scope.pipeline, scope.plugin), name, group, scope);
    return (
      `${name}: an indicator plugin ${scope.plugin} registered, over the whole group — ${COMBINED_AS[fold.aggregate]} its nodes' values ` +
      `(aggregate ${fold.aggregate}) at the newest 5-s tick all of them reported within the last 30 s (${fold.nodes} ${fold.nodes === 1 ? 'node' : 'nodes'}). ` +
      "The plugin's own description is on each node's /statistics/v1."
    );
  }

  async value(group: string, scope: IndicatorScope, name: string): Promise<number | null> {
    if (scope.level !== 'plugin' || isBuiltIn(scope, name)) {
      find(catalogue(scope), name, scope); // an unknown name costs no Redis read
      return find(await this.bound(group, scope), name, scope).value();
    }
    return gaugeValue(findGauge(await this.reader.pluginGauges(group, scope.pipeline, scope.plugin), name, group, scope));
  }

  async values(group: string, scope: IndicatorScope, names: readonly string[]): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    if (scope.level !== 'plugin' || names.every((n) => isBuiltIn(scope, n))) {
      for (const n of names) find(catalogue(scope), n, scope);
      const all = new Map((await this.bound(group, scope)).map((i) => [i.name, i]));
      for (const n of names) out[n] = all.get(n)!.value();
      return out;
    }
    // Registered indicators among them: only their folds, or with built-in ones both from one read.
    const read = names.some((n) => isBuiltIn(scope, n))
      ? await this.reader.pluginSeriesAndGauges(group, scope.pipeline, scope.plugin)
      : { series: undefined, gauges: await this.reader.pluginGauges(group, scope.pipeline, scope.plugin) };
    const builtIn = new Map(read.series === undefined ? [] : bindIndicators(SERIES_INDICATORS, read.series).map((i) => [i.name, i]));
    for (const n of names) {
      const i = builtIn.get(n);
      out[n] = i !== undefined ? i.value() : gaugeValue(findGauge(read.gauges, n, group, scope));
    }
    return out;
  }

  range(group: string, scope: IndicatorScope, minutes: number): Promise<{ step_sec: number; points: RangePoint[] }> {
    return this.reader.range(group, scope.pipeline, seriesScope(scope), minutes);
  }

  private async bound(group: string, scope: IndicatorScope): Promise<Indicator[]> {
    const series = await this.reader.series(group, scope.pipeline, seriesScope(scope));
    return bindIndicators(scope.level === 'task' ? TASK_INDICATORS : SERIES_INDICATORS, series);
  }
}

function catalogue(scope: IndicatorScope): readonly { name: string; desc: string }[] {
  return scope.level === 'task' ? TASK_INDICATORS : SERIES_INDICATORS;
}

function isBuiltIn(scope: IndicatorScope, name: string): boolean {
  return catalogue(scope).some((i) => i.name === name);
}

function find<T extends { name: string }>(list: readonly T[], name: string, scope: IndicatorScope): T {
  const i = list.find((x) => x.name === name);
  if (i === undefined) throw new GatewayError('GW_NOT_FOUND', `indicator ${name.slice(0, 128)} not found in pipeline ${scope.pipeline}`, { field: 'indicator' });
  return i;
}

function findGauge(gauges: ReadonlyMap<string, GaugeFold>, name: string, group: string, scope: PluginScope): GaugeFold {
  const fold = gauges.get(name);
  if (fold === undefined) {
    throw new GatewayError(
      'GW_NOT_FOUND',
      `indicator ${name.slice(0, 128)} not found in plugin ${scope.plugin} of pipeline ${scope.pipeline}: not built in, and no node of group ${group} reported it in the last 30 s`,
      { field: 'indicator' },
    );
  }
  return fold;
}

function seriesScope(scope: IndicatorScope): SeriesScope {
  return scope.level === 'plugin' ? { kind: 'plugin', plugin: scope.plugin } : { kind: 'pipeline' };
}
