import { NAME_PATTERN } from '@gatehouse/stats-wire';
import { isIndicatorAggregate, type IndicatorAggregate } from '../engine/statistics/indicator-aggregate';
import { CUSTOM_INDICATOR_NAME, IN_FLIGHT, PIPELINE_ITSELF, WAIT_QUEUE_LENGTH } from '../engine/statistics/pipeline-statistics';
import type { StatisticsRegistry } from '../engine/statistics/statistics-registry';

/**
 * One plugin indicator's value in a worker, as it travels to the primary in each tick's
 * `gh:stats` message: a tuple, since a host of 1,000 pipelines sends thousands of them per tick.
 * With the plugin `PIPELINE_ITSELF`, one of the pipeline's own load figures instead.
 */
export type IndicatorValueEntry = [pipeline: string, plugin: string, name: string, value: number | null, aggregate: IndicatorAggregate];


/**
 * The current value of every plugin indicator of `registry`'s pipelines, and each pipeline's
 * load — tasks in flight and waiting, under `PIPELINE_ITSELF` — (the worker's side). A load of 0
 * is left out: each tick's values replace the last, and a missing one reads 0, so idle pipelines
 * cost nothing on the wire.
 */
export function collectIndicatorValues(registry: StatisticsRegistry): IndicatorValueEntry[] {
  const out: IndicatorValueEntry[] = [];
  for (const p of registry.all()) {
    const load = p.ownLoad();
    if (load.inFlight > 0) out.push([p.pipelineName, PIPELINE_ITSELF, IN_FLIGHT, load.inFlight, 'sum']);
    if (load.waitQueueLength > 0) out.push([p.pipelineName, PIPELINE_ITSELF, WAIT_QUEUE_LENGTH, load.waitQueueLength, 'sum']);
    for (const plugin of p.pluginNames()) {
      for (const i of p.ownIndicatorValues(plugin)) out.push([p.pipelineName, plugin, i.name, i.value, i.aggregate]);
    }
  }
  return out;
}

/**
 * Parses and checks a worker's indicator values (the primary's side): JSON text of at most
 * `maxChars` characters holding an array of well-formed entries. Throws naming the first fault.
 */
export function parseIndicatorValues(text: unknown, maxChars: number): IndicatorValueEntry[] {
  if (typeof text !== 'string') throw new Error('the indicator values are not JSON text');
  if (text.length > maxChars) throw new Error(`the indicator values are ${text.length} characters long, more than ${maxChars}`);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('the indicator values are not an array');
  const out: IndicatorValueEntry[] = [];
  parsed.forEach((e: unknown, i) => {
    if (!isEntry(e)) throw new Error(`indicator value ${i} is not [pipeline, plugin, NAME, number or null, sum|max|min|mean]`);
    out.push(e);
  });
  return out;
}

function isEntry(e: unknown): e is IndicatorValueEntry {
  if (!Array.isArray(e) || e.length !== 5) return false;
  const [pipeline, plugin, name, value, aggregate] = e as unknown[];
  return (
    // Pipeline and plugin names follow the rule the gateway and the stats wire share; the empty
    // plugin name holds the pipeline's own load, of two names only.
    typeof pipeline === 'string' &&
    NAME_PATTERN.test(pipeline) &&
    typeof plugin === 'string' &&
    (plugin === PIPELINE_ITSELF ? name === IN_FLIGHT || name === WAIT_QUEUE_LENGTH : NAME_PATTERN.test(plugin)) &&
    typeof name === 'string' &&
    CUSTOM_INDICATOR_NAME.test(name) &&
    (value === null || (typeof value === 'number' && Number.isFinite(value))) &&
    isIndicatorAggregate(aggregate)
  );
}
