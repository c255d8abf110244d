import type { PipelineContext } from '../../engine/pipeline-context';
import type { Meter } from '../../engine/statistics/meter';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { BreakerState, CircuitBreaker } from './circuit-breaker';
import { serviceCircuitBreakerErrors } from './errors';
import { serviceCircuitBreakerSchema, type ServiceCircuitBreakerConfig } from './schema';

const BREAKER_KEY = 'circuit-breaker';
/** Makes each preparation's listener names unique (an instance may be prepared again in one context). */
let preparations = 0;

interface InPipeline {
  readonly breaker: CircuitBreaker;
  /** Requests refused with "service fusing". */
  readonly fused: Meter;
}

/**
 * Service circuit breaking (reference §2.7): the breaker of each pipeline lives in the pipeline's
 * data bucket of this instance; the statistics' sample callbacks of `plugins_concerned` feed it
 * and their throughput callback (each 5-s tick) moves it. While Open — and in HalfOpen beyond the
 * permitted probes — requests get `429 GW_SERVICE_FUSING`.
 */
export class ServiceCircuitBreaker implements PluginInstance {
  private readonly pipelines = new Map<PipelineContext, InPipeline>();
  private readonly slowNs: number;

  constructor(
    private readonly c: Readonly<ServiceCircuitBreakerConfig>,
    private readonly env: PluginEnv,
  ) {
    this.slowNs = c.slow_call_duration_msec > 0 ? c.slow_call_duration_msec * 1e6 : Infinity;
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const stats = ctx.statistics;
    const logger = this.env.logger;
    const breaker = ctx
      .dataBucket(name, String(this.env.generation))
      .queryDataWithBindDefault(BREAKER_KEY, () =>
        new CircuitBreaker(this.c, this.env.clock, (from, to) =>
          logger.info({ plugin: name, pipeline: ctx.pipelineName, from: BreakerState[from], to: BreakerState[to] }, 'circuit breaker state changed'),
        ),
      );
    const state: InPipeline = { breaker, fused: stats.meter(name, 'service-fusing') };
    this.pipelines.set(ctx, state);
    const id = `${name}#${++preparations}`;
    const removers = [
      stats.onThroughputUpdated(id, () => breaker.tick()),
      ...this.c.plugins_concerned.map((p) => stats.onExecutionSample(p, id, (ns, ok) => breaker.record(ok, ns >= this.slowNs))),
      // A state, not an amount: the highest shows a breaker tripped in any worker (Open or HalfOpen).
      stats.registerIndicator(name, 'CIRCUIT_BREAKER_STATE', 'breaker state: 0 Off, 1 Closed, 2 Open, 3 HalfOpen', () => breaker.state, { aggregate: 'max' }),
      stats.registerIndicator(name, 'SERVICE_FUSING_THROUGHPUT_RATE_LAST_1MIN', 'requests refused with "service fusing" per second over about 1 min', () =>
        state.fused.rate(1),
      ),
      stats.registerIndicator(name, 'CONCERNED_FAILURE_THROUGHPUT_RATE_LAST_1MIN', 'failed runs of plugins_concerned per second over about 1 min, as the breaker counts them', () =>
        breaker.figures().failure,
      ),
    ];
    return () => {
      for (const r of removers) r();
      if (this.pipelines.get(ctx) === state) this.pipelines.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void {
    const state = this.pipelines.get(ctx);
    if (state === undefined) throw new Error(`ServiceCircuitBreaker ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    if (state.breaker.admit()) return;
    state.fused.mark();
    const halfOpen = state.breaker.state === BreakerState.HalfOpen;
    serviceCircuitBreakerErrors.fail(task, 'GW_SERVICE_FUSING', halfOpen ? 'service fusing (half-open: the probe calls are taken)' : 'service fusing');
  }
}

export const serviceCircuitBreakerPlugin = definePlugin<ServiceCircuitBreakerConfig>({
  kind: 'ServiceCircuitBreaker',
  description: 'Circuit breaker over the failure and slow-call rates of the concerned plugins; 429 "service fusing" while open.',
  schema: serviceCircuitBreakerSchema,
  errors: serviceCircuitBreakerErrors,
  create: (config, env) => new ServiceCircuitBreaker(config, env),
});
