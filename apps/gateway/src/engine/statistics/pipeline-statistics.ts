import { silentLogger, type Logger } from '../logger';
import { ErrorRing } from './error-ring';
import { ExecutionSeries, type SampleListener, type SeriesReader } from './execution-series';
import { DEFAULT_INDICATOR_AGGREGATE, type IndicatorAggregate } from './indicator-aggregate';
import { isBuiltinIndicator, type Indicator } from './indicators';
import { Listeners } from './listeners';
import { Meter } from './meter';
import { absorbSeriesDelta, type PipelineDelta } from './tick-delta';

/** Evaluates a plugin-registered indicator; `null` when there is nothing to report. */
export type IndicatorEvaluator = () => number | null;

/** How a plugin indicator behaves beyond its value. */
export interface IndicatorOptions {
  /**
   * How the values of the data-plane workers (`GATEWAY_WORKERS`) combine into the host's:
   * `sum` for rates and counts, `max`/`min`/`mean` for figures each worker holds whole
   * (thresholds, percentiles, ports, states). @default 'sum'
   */
  aggregate?: IndicatorAggregate;
}

/** A plugin-registered indicator as the statistics answers list it. */
export interface CustomIndicator extends Indicator {
  readonly aggregate: IndicatorAggregate;
}

/**
 * Where plugin indicators are read instead of their evaluators: on the primary of
 * `GATEWAY_WORKERS`, the workers' latest values combined — its own plugin instances serve no
 * traffic.
 */
export interface IndicatorSource {
  value(pipeline: string, plugin: string, name: string): number | null;
}

/** What plugins see of their pipeline's statistics, through `PipelineContext.statistics`. */
export interface StatisticsReader {
  readonly pipelineName: string;
  /** The pipeline's tasks: rates, counts and latency by result. */
  readonly pipeline: SeriesReader;
  /** One plugin's runs in this pipeline; undefined when the pipeline has no such plugin. */
  plugin(name: string): SeriesReader | undefined;
  /**
   * Registers a custom indicator of `pluginName` (e.g. WAIT_QUEUE_LENGTH). The newest
   * registration of a name serves; the returned function removes this one only. `options.aggregate`
   * says how the values of several processes combine (default `sum`).
   */
  registerIndicator(pluginName: string, name: string, desc: string, value: IndicatorEvaluator, options?: IndicatorOptions): () => void;
  /** A meter of `pluginName` kept with its statistics: ticked, surviving rebuilds, dropped with the plugin. */
  meter(pluginName: string, key: string): Meter;
  /** Calls `fn` after every run sample of `pluginName`. Throws isolated. Returns the remover. */
  onExecutionSample(pluginName: string, name: string, fn: SampleListener): () => void;
  /** Calls `fn` after each 5-s tick updated the rates. Throws isolated. Returns the remover. */
  onThroughputUpdated(name: string, fn: () => void): () => void;
}

/** What a plugin indicator's name must look like (UPPER_SNAKE_CASE, at most 64 characters). */
export const CUSTOM_INDICATOR_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The tasks a pipeline runs and holds waiting for a slot, read from the pipeline. */
export interface PipelineLoad {
  inFlight(): number;
  waitQueueLength(): number;
}

/**
 * The plugin field of a pipeline's own load among the indicator values an `IndicatorSource`
 * answers (a worker reports it next to its plugin indicators); no plugin's name is empty.
 */
export const PIPELINE_ITSELF = '';
/** The names of a pipeline's load among the indicator values; both are summed over the workers. */
export const IN_FLIGHT = 'IN_FLIGHT';
export const WAIT_QUEUE_LENGTH = 'WAIT_QUEUE_LENGTH';

const IDLE: PipelineLoad = { inFlight: () => 0, waitQueueLength: () => 0 };

/** One registration of a plugin indicator. */
interface IndicatorEntry {
  readonly desc: string;
  readonly value: IndicatorEvaluator;
  readonly aggregate: IndicatorAggregate;
  /** Times its evaluator threw, so a broken one is not logged at every read (each tick ships it). */
  failures: number;
}

/** One plugin's figures inside a pipeline. */
class PluginStatistics {
  readonly series = new ExecutionSeries();
  readonly indicators = new Map<string, IndicatorEntry[]>();
  readonly meters = new Map<string, Meter>();
  readonly samples: Listeners<[number, boolean]>;

  constructor(logger: Logger, what: string) {
    this.samples = new Listeners(logger, what);
  }

  tick(): void {
    this.series.tick();
    for (const m of this.meters.values()) m.tick();
  }
}

/**
 * The statistics of one pipeline (reference §2.8): its tasks and each of its plugins, kept by
 * plugin name so they survive snapshot swaps and plugin rebuilds; a plugin's figures go when it
 * leaves the pipeline, and everything goes with the pipeline.
 */
export class PipelineStatistics implements StatisticsReader {
  readonly pipeline = new ExecutionSeries();
  /** The last failed tasks (time, plugin, codes, message); LinearPipeline records them at finish. */
  readonly errors = new ErrorRing();
  private readonly plugins = new Map<string, PluginStatistics>();
  private readonly throughput: Listeners<[]>;
  private load: PipelineLoad = IDLE;

  constructor(
    readonly pipelineName: string,
    private readonly logger: Logger = silentLogger,
    /** Set on a primary with workers (`StatisticsRegistry.readIndicatorsFrom`); read at each answer. */
    private readonly indicatorSource: () => IndicatorSource | undefined = () => undefined,
  ) {
    this.throughput = new Listeners(logger, `pipeline ${pipelineName} throughput`);
  }

  /** Set by the pipeline these statistics belong to: where its load is read. */
  trackLoad(load: PipelineLoad): void {
    this.load = load;
  }

  /**
   * Tasks the pipeline runs now: this process's, or on a primary with workers the host's (the
   * workers' as of their last tick, summed) — its own pipeline serves no traffic.
   */
  inFlight(): number {
    return this.hostLoad(IN_FLIGHT) ?? this.load.inFlight();
  }

  /** Tasks waiting for a free slot of the pipeline: this process's, or the host's (as `inFlight`). */
  waitQueueLength(): number {
    return this.hostLoad(WAIT_QUEUE_LENGTH) ?? this.load.waitQueueLength();
  }

  /** This process's own load, whatever the indicator source (what a worker reports). */
  ownLoad(): { inFlight: number; waitQueueLength: number } {
    return { inFlight: this.load.inFlight(), waitQueueLength: this.load.waitQueueLength() };
  }

  /** The series a plugin's runs are recorded into (created on first use; the hot path holds it). */
  pluginSeries(name: string): ExecutionSeries {
    return this.pluginStats(name).series;
  }

  plugin(name: string): SeriesReader | undefined {
    return this.plugins.get(name)?.series;
  }

  /** Plugin names with figures, in the order they were first seen. */
  pluginNames(): string[] {
    return [...this.plugins.keys()];
  }

  /** Forgets a plugin that left the pipeline. */
  dropPlugin(name: string): void {
    this.plugins.delete(name);
  }

  registerIndicator(pluginName: string, name: string, desc: string, value: IndicatorEvaluator, options: IndicatorOptions = {}): () => void {
    if (!CUSTOM_INDICATOR_NAME.test(name)) throw new Error(`indicator name ${name} must be UPPER_SNAKE_CASE`);
    if (isBuiltinIndicator(name)) throw new Error(`indicator name ${name} is built in`);
    const p = this.pluginStats(pluginName);
    let stack = p.indicators.get(name);
    if (stack === undefined) p.indicators.set(name, (stack = []));
    const entry: IndicatorEntry = { desc, value, aggregate: options.aggregate ?? DEFAULT_INDICATOR_AGGREGATE, failures: 0 };
    stack.push(entry);
    return () => {
      const s = p.indicators.get(name);
      const i = s?.lastIndexOf(entry) ?? -1;
      if (s === undefined || i < 0) return;
      s.splice(i, 1);
      if (s.length === 0) p.indicators.delete(name);
    };
  }

  /**
   * The custom indicators `pluginName` registered, newest registration per name; their values
   * come from the indicator source when one is set (the workers'), else from the evaluators.
   */
  customIndicators(pluginName: string): CustomIndicator[] {
    const p = this.plugins.get(pluginName);
    if (p === undefined) return [];
    const source = this.indicatorSource();
    return [...p.indicators].map(([name, stack]) => {
      const top = stack[stack.length - 1]!;
      const value = source === undefined ? () => safeValue(top, this.logger, name) : () => source.value(this.pipelineName, pluginName, name);
      return { name, desc: top.desc, aggregate: top.aggregate, value };
    });
  }

  /** This process's own values of its plugin indicators, whatever the indicator source (what a worker reports). */
  ownIndicatorValues(pluginName: string): { name: string; value: number | null; aggregate: IndicatorAggregate }[] {
    const p = this.plugins.get(pluginName);
    if (p === undefined) return [];
    return [...p.indicators].map(([name, stack]) => {
      const top = stack[stack.length - 1]!;
      return { name, value: safeValue(top, this.logger, name), aggregate: top.aggregate };
    });
  }

  meter(pluginName: string, key: string): Meter {
    const p = this.pluginStats(pluginName);
    let m = p.meters.get(key);
    if (m === undefined) p.meters.set(key, (m = new Meter()));
    return m;
  }

  onExecutionSample(pluginName: string, name: string, fn: SampleListener): () => void {
    const p = this.pluginStats(pluginName);
    const remove = p.samples.add(name, fn);
    p.series.onSample = (ns, ok) => p.samples.invoke(ns, ok);
    return () => {
      remove();
      if (p.samples.size === 0) p.series.onSample = undefined;
    };
  }

  onThroughputUpdated(name: string, fn: () => void): () => void {
    return this.throughput.add(name, fn);
  }

  /**
   * Adds another process's tick of this pipeline (a data-plane worker's): its tasks, and the
   * runs of the plugins this pipeline has — runs of a plugin it does not have are ignored.
   */
  absorb(delta: PipelineDelta): void {
    absorbSeriesDelta(this.pipeline, delta.tasks);
    for (const { name, runs } of delta.plugins) {
      const p = this.plugins.get(name);
      if (p !== undefined) absorbSeriesDelta(p.series, runs);
    }
  }

  /** Called by the shared ticker every 5 s. */
  tick(): void {
    this.pipeline.tick();
    for (const p of this.plugins.values()) p.tick();
    if (this.throughput.size > 0) this.throughput.invoke();
  }

  /** With an indicator source, its value of the pipeline's `name` (no worker reporting it: 0); else undefined. */
  private hostLoad(name: string): number | undefined {
    const source = this.indicatorSource();
    return source === undefined ? undefined : (source.value(this.pipelineName, PIPELINE_ITSELF, name) ?? 0);
  }

  private pluginStats(name: string): PluginStatistics {
    let p = this.plugins.get(name);
    if (p === undefined) this.plugins.set(name, (p = new PluginStatistics(this.logger, `plugin ${name} sample`)));
    return p;
  }
}

/**
 * An evaluator's value; one that throws reads as null and is logged — its 1st, 2nd, 4th, 8th…
 * failure, as `Listeners` does: stats shipping, the worker reports and /metrics read every
 * indicator at every tick or scrape.
 */
function safeValue(entry: IndicatorEntry, logger: Logger, name: string): number | null {
  try {
    const v = entry.value();
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch (err) {
    const n = ++entry.failures;
    if ((n & (n - 1)) === 0) logger.error({ err, indicator: name, failures: n }, 'indicator evaluator failed');
    return null;
  }
}
