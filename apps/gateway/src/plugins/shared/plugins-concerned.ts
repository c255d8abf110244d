import type { JSONSchema } from '../../engine/schema';
import type { StatisticsReader } from '../../engine/statistics/pipeline-statistics';

/**
 * `plugins_concerned`: the plugins of the pipeline whose statistics drive a limiter or breaker
 * (the backend call, usually). Names follow the plugin name rules; the list is short and unique.
 */
export const pluginsConcernedSchema: JSONSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 16,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' },
};

/** Sum over `plugins` of one figure of each plugin's series; a plugin without figures counts 0. */
export function sumOverPlugins(stats: StatisticsReader, plugins: readonly string[], figure: (s: NonNullable<ReturnType<StatisticsReader['plugin']>>) => number): number {
  let sum = 0;
  for (let i = 0; i < plugins.length; i++) {
    const s = stats.plugin(plugins[i]!);
    if (s !== undefined) sum += figure(s);
  }
  return sum;
}
