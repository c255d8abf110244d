export { Circuit, type CallContext, type CircuitEvents, type FallbackFn, type RunFn } from './circuit';
export { Command, type Outcome } from './command';
export * from './errors';
export { type CircuitState, type LatencyPercentiles, type MetricsSnapshot, TALK_STATE_NAMES } from './metrics';
export { BreakerRegistry, type BreakerRegistryOptions, command, defaultRegistry } from './registry';
export { type CommandSettings, HYSTRIX_DEFAULTS, type ResolvedSettings, resolveSettings } from './settings';
