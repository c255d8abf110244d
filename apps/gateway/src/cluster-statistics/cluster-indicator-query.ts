import type { SeriesScope } from '@gatehouse/stats-wire';
import { bindIndicators, SERIES_INDICATORS, TASK_INDICATORS, type Indicator } from '../engine/statistics/indicators';
import { GatewayError } from '../errors';
import type { IndicatorScope } from '../statistics/indicator-query';
import type { ClusterSeriesReader, RangePoint } from './cluster-series-reader';

const CLUSTER_NOTE = ' — over the whole group: counts and rates summed over its nodes, times from their merged histograms';

/**
 * The cluster statistics REST API: the same Ease Gateway indicator names and levels as a node's
 * `/statistics/v1` (built-in indicators; plugin-registered ones stay per node), evaluated over the
 * series the stats worker folded from every node of the group.
 */
export class ClusterIndicatorQuery {
  constructor(private readonly reader: ClusterSeriesReader) {}

  pipelines(group: string): Promise<string[]> {
    return this.reader.pipelines(group);
  }

  plugins(group: string, pipeline: string): Promise<string[]> {
    return this.reader.plugins(group, pipeline);
  }

  async names(group: string, scope: IndicatorScope): Promise<string[]> {
    await this.reader.checkScope(group, scope.pipeline, seriesScope(scope));
    return catalogue(scope).map((i) => i.name);
  }

  async desc(group: string, scope: IndicatorScope, name: string): Promise<string> {
    await this.reader.checkScope(group, scope.pipeline, seriesScope(scope));
    return find(catalogue(scope), name, scope).desc + CLUSTER_NOTE;
  }

  async value(group: string, scope: IndicatorScope, name: string): Promise<number | null> {
    find(catalogue(scope), name, scope); // an unknown name costs no Redis read
    const list = await this.bound(group, scope);
    return find(list, name, scope).value();
  }

  async values(group: string, scope: IndicatorScope, names: readonly string[]): Promise<Record<string, number | null>> {
    for (const n of names) find(catalogue(scope), n, scope);
    const all = new Map((await this.bound(group, scope)).map((i) => [i.name, i]));
    const out: Record<string, number | null> = {};
    for (const n of names) out[n] = all.get(n)!.value();
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

function find<T extends { name: string }>(list: readonly T[], name: string, scope: IndicatorScope): T {
  const i = list.find((x) => x.name === name);
  if (i === undefined) throw new GatewayError('GW_NOT_FOUND', `indicator ${name.slice(0, 128)} not found in pipeline ${scope.pipeline}`, { field: 'indicator' });
  return i;
}

function seriesScope(scope: IndicatorScope): SeriesScope {
  return scope.level === 'plugin' ? { kind: 'plugin', plugin: scope.plugin } : { kind: 'pipeline' };
}
